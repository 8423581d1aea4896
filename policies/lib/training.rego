package qmslint.lib

# Training records (kind: training-log, docs/format.md): who was trained on
# which revision of which document, and when.

training_records := [x |
	some r in registers_of_kind("training-log")
	object.get(r, "status", "") != "obsolete"
	some x in r.records
	is_object(x)
]

# Every [person, document, revision] someone was trained on by today, as
# one string each ("jbrandt|SOP-010|7"), people resolved to their ids.
# Records dated after today prove nothing yet.
trained := {training_key(_person_ref(p), x.document, x.revision) |
	some x in training_records
	is_string(x.date)
	x.date <= input.date
	some p in x.people
}

training_key(pid, doc, rev) := sprintf("%v|%v|%v", [pid, doc, rev])

_person_ref(p) := id if {
	id := person_id(p)
} else := p

# add_days(s, n): the date string n days after s.
add_days(s, n) := time.format([time.add_date(date_ns(s), 0, 0, n), "UTC", "2006-01-02"])

# The date a document's current revision took effect: its effective date,
# else its latest approval.
took_effect(d) := d.effective if {
	is_string(object.get(d, "effective", null))
} else := last_approval(d)

# revision_number(r) is r as a number when it is one ("7" too); undefined
# for revisions such as "C".
revision_number(r) := r if is_number(r)

revision_number(r) := to_number(r) if {
	is_string(r)
	regex.match(`^[0-9]+(\.[0-9]+)?$`, r)
}
