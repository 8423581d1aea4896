# METADATA
# title: Risk score does not match likelihood × severity
# description: |
#   A written score that disagrees with its own likelihood and severity
#   makes the risk look more (or less) acceptable than its assessment says,
#   and the treatment decision rests on the wrong number. The score is
#   likelihood × severity.
# custom:
#   id: risk.score-mismatch
#   severity: minor
#   clauses: [ISO27001:6.1.2, ISO27001:8.2, ISO13485:4.1.2]
package qmslint.rules.risk.score_mismatch

import data.qmslint.lib

deny contains f if {
	some r in lib.risks
	is_number(r.score)
	expected := r.likelihood * r.severity
	r.score != expected
	f := object.union(lib.at(r, "score"), {
		"msg": sprintf("risk %s has score %v, but likelihood %v × severity %v is %v: correct the score, or the likelihood or severity if they are what changed", [r.id, r.score, r.likelihood, r.severity, expected]),
		"subject": r.id,
	})
}
