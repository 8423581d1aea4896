# METADATA
# title: Risk not reviewed at its interval
# description: |
#   Risks change as systems, suppliers and threats change; an assessment
#   nobody has looked at for longer than the organisation's own interval no
#   longer describes the risk. Each risk's review is the date it was last
#   reviewed; the interval comes from a document's risk_review_months
#   parameter, else .qmslint.yaml, else 12 months.
# custom:
#   id: risk.review-overdue
#   severity: minor
#   clauses: [ISO27001:8.2, ISO27001:6.1.2, ISO13485:4.1.2]
#   params:
#     interval_months: 12
package qmslint.rules.risk.review_overdue

import data.qmslint.lib

rule_id := "risk.review-overdue"

interval := lib.threshold(rule_id, "interval_months", "risk_review_months", 12)

deny contains f if {
	some r in lib.risks
	is_string(r.review)
	due := lib.add_months(r.review, interval.value)
	lib.date_ns(due) < lib.today
	f := object.union(lib.at(r, "review"), {
		"msg": sprintf("risk %s was last reviewed on %s and is to be reviewed every %v months, %s: the review was due on %s (%d days ago); review it and record the date in review", [r.id, r.review, interval.value, interval.note, due, lib.days_ago(due)]),
		"subject": r.id,
	})
}
