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
#   params:
#     default_interval_months: 12
package qmslint.rules.doc.review_overdue

import data.qmslint.lib

rule_id := "doc.review-overdue"

interval(d) := d.review.interval_months if is_number(d.review.interval_months)

interval(d) := lib.param(rule_id, "default_interval_months", 12) if not is_number(object.get(d, ["review", "interval_months"], null))

# The last review: review.last, else the latest approval.
last_review(d) := d.review.last if is_string(d.review.last)

last_review(d) := lib.last_approval(d) if not is_string(object.get(d, ["review", "last"], null))

deny contains f if {
	some d in lib.documents
	d.status == "approved"
	last := last_review(d)
	months := interval(d)
	due := lib.add_months(last, months)
	lib.date_ns(due) < lib.today
	field := field_of(d)
	f := object.union(lib.at(d, field), {
		"msg": sprintf("%s was last reviewed on %s and is to be reviewed every %d months: the review was due on %s (%d days ago); review it and record the date in review.last", [lib.name(d), last, months, due, lib.days_ago(due)]),
		"subject": d.id,
	})
}

field_of(d) := "review/last" if is_string(d.review.last)

field_of(d) := "approvals" if not is_string(object.get(d, ["review", "last"], null))
