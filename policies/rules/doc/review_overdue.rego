# METADATA
# title: Periodic review overdue
# description: |
#   Documents must be reviewed and, where needed, updated and re-approved
#   at the interval the organisation set. A document past its review date
#   may describe a process that no longer exists. The interval comes from
#   the document's review.interval_months, else from the rule's
#   default_interval_months (12).
# custom:
#   id: doc.review-overdue
#   severity: minor
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.2]
#   scope: document
#   params:
#     default_interval_months: 12
package qmslint.rules.doc.review_overdue

import data.qmslint.lib

rule_id := "doc.review-overdue"

default_interval := lib.param(rule_id, "default_interval_months", 12)

# Every approved document passes through here. may_be_overdue clears most
# of them from their review: object alone; the others are judged in full,
# and the message is built only for the overdue few.
deny contains f if {
	some d in lib.documents
	d.status == "approved"
	may_be_overdue(object.get(d, "review", null))
	[last, field] := last_review(d)
	months := interval(d)
	time.add_date(time.parse_ns("2006-01-02", last), 0, months, 0) < lib.today
	due := lib.add_months(last, months)
	f := object.union(lib.at(d, field), {
		"msg": sprintf("%s was last reviewed on %s and is to be reviewed every %d months: the review was due on %s (%d days ago); review it and record the date in review.last", [lib.name(d), last, months, due, lib.days_ago(due)]),
		"subject": d.id,
	})
}

interval(d) := review_interval(object.get(d, "review", null))

review_interval(review) := n if {
	n := review.interval_months
	is_number(n)
} else := default_interval

# may_be_overdue(review) is false when a document's review: (null when it
# has none) shows by itself that the review is not due yet, and true when
# the document needs judging in full. It takes the review, not the
# document, because OPA caches a function's result by its arguments:
# documents reviewed on the same day at the same interval share one, so
# most cost a lookup rather than parsing and adding dates.
may_be_overdue(review) := false if {
	last := review.last
	is_string(last)
	time.add_date(time.parse_ns("2006-01-02", last), 0, review_interval(review), 0) >= lib.today
} else := true

# last_review is the date of the last review and the field it comes from:
# review.last, else the latest dated approval.
last_review(d) := [last, "review/last"] if {
	last := d.review.last
	is_string(last)
} else := [lib.last_approval(d), "approvals"]
