# METADATA
# title: Unacceptable risk without treatment
# description: |
#   A risk scored above the acceptance threshold must be treated: mitigated,
#   transferred or avoided, or accepted with a recorded justification by
#   someone entitled to accept it. An unacceptable risk left as it is shows
#   that the risk process stops at the assessment. The threshold is the
#   register's acceptance, else a document's risk_acceptance parameter,
#   else .qmslint.yaml, else 8 (on a 5 × 5 scale).
# custom:
#   id: risk.unacceptable-untreated
#   severity: major
#   clauses: [ISO27001:6.1.3, ISO27001:8.3, ISO13485:4.1.2]
#   params:
#     acceptance: 8
package qmslint.rules.risk.unacceptable_untreated

import data.qmslint.lib

problem(r) := "it has no treatment: set treatment to mitigate, transfer, avoid or accept" if {
	not is_string(object.get(r, "treatment", null))
}

problem(r) := "it is accepted without a justification: record why, and who accepted it, in justification" if {
	r.treatment == "accept"
	trim_space(object.get(r, "justification", "")) == ""
}

deny contains f if {
	some reg in lib.registers_of_kind("risk-register")
	a := lib.risk_acceptance(reg)
	some r in reg.risks
	is_object(r)
	score := r.likelihood * r.severity
	score > a.value
	why := problem(r)
	f := object.union(lib.where(r), {
		"msg": sprintf("risk %s scores %v (likelihood %v × severity %v), above %v, %s, and %s", [r.id, score, r.likelihood, r.severity, a.value, a.note, why]),
		"subject": r.id,
	})
}
