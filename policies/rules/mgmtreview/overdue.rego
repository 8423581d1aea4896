# METADATA
# title: No management review within the planned interval
# description: |
#   Top management must review the management system at planned
#   intervals. When the latest review is older than the interval the
#   quality manual or management-review procedure sets (parameter
#   management_review_interval_months, 12 months by default), the review
#   is overdue. Judged once a first review is on record.
# custom:
#   id: mgmtreview.overdue
#   severity: major
#   clauses: [ISO13485:5.6.1, ISO27001:9.3.1]
#   params:
#     interval_months: 12
package qmslint.rules.mgmtreview.overdue

import data.qmslint.lib

rule_id := "mgmtreview.overdue"

deny contains f if {
	count(lib.management_review_dates) > 0
	last := max(lib.management_review_dates)
	t := lib.threshold(rule_id, "interval_months", "management_review_interval_months", 12)
	due := lib.add_months(last, t.value)
	due < input.date
	f := object.union(where, {
		"msg": sprintf("the latest management review was held on %s; the next was due by %s, every %d months %s: hold it and record it", [last, due, t.value, t.note]),
		"subject": "management-review",
	})
}

where := lib.where(lib.latest_management_review) if {
	lib.latest_management_review.review_date == max(lib.management_review_dates)
} else := {"file": e.file, "pointer": e.pointer} if {
	last := max(lib.management_review_dates)
	e := [x[1] | some x in lib.record_entries; x[0] == "management-review"; x[1].date == last][0]
}
