# METADATA
# title: Audit past its planned date without a report
# description: |
#   An audit is evidence only once its report exists. A planned audit
#   whose date has passed by more than the grace period, without a report
#   that names what was found, was either not held or not recorded.
# custom:
#   id: audit.report-missing
#   severity: minor
#   clauses: [ISO13485:8.2.4, ISO27001:9.2.2]
#   params:
#     grace_days: 30
package qmslint.rules.audit.report_missing

import data.qmslint.lib

rule_id := "audit.report-missing"

deny contains f if {
	some prog in lib.audit_programmes
	some a in lib.live_audits(prog)
	days := lib.param(rule_id, "grace_days", 30)
	lib.add_days(a.date, days) < input.date
	msg := problem(a, days)
	f := object.union(lib.where(a), {
		"msg": msg,
		"subject": a.id,
	})
}

problem(a, days) := sprintf("audit %s was planned for %s and has no report %d days later: add report: <id of the audit report>, or set status: cancelled and replan it", [a.id, a.date, days]) if {
	not is_string(object.get(a, "report", null))
} else := sprintf("audit %s names report %s, which does not exist: correct the id or add the report", [a.id, a.report]) if {
	not lib.document_by_id[a.report]
}
