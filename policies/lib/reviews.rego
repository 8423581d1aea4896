package qmslint.lib

# Management reviews: records whose front matter holds a
# management_review: {date, inputs, outputs} (docs/format.md), and the
# entries of record logs of type management-review.

management_reviews := [object.union(d, {"review_date": date}) |
	some d in documents_of_kind.record
	object.get(d, "status", "") != "obsolete"
	is_object(object.get(d, "management_review", null))
	date := _review_date(d)
	date <= input.date
]

_review_date(d) := d.management_review.date if {
	is_string(object.get(d.management_review, "date", null))
} else := d.effective if {
	is_string(object.get(d, "effective", null))
} else := last_approval(d)

# The latest structured review (the first in file order on its date).
latest_management_review := r if {
	count(management_reviews) > 0
	last := max({x.review_date | some x in management_reviews})
	r := [x | some x in management_reviews; x.review_date == last][0]
}

# The dates on which a review was held, from records and record logs.
management_review_dates := {r.review_date | some r in management_reviews} | {e[1].date | some e in record_entries; e[0] == "management-review"}

# review_topic(x): the topic of an input or output, written as a string or
# as {topic: ...}.
review_topic(x) := x if is_string(x)

review_topic(x) := x.topic if is_string(object.get(x, "topic", null))
