# METADATA
# title: Residual risk above the acceptance threshold, not accepted
# description: |
#   Treating a risk does not end the decision: when its score after
#   treatment still exceeds the acceptance threshold, the risk owner must
#   either treat it further or accept the residual risk on record, with
#   who and why. A risk mitigated, transferred or avoided on paper that
#   stays above the threshold, with no such acceptance, is a treatment
#   plan nobody has signed off. Without a residual rating the initial
#   score stands, as in the report's risk figures. The threshold is that
#   of risk.unacceptable-untreated.
# custom:
#   id: risk.residual-unaccepted
#   severity: major
#   clauses: [ISO27001:6.1.3, ISO27001:8.3, ISO13485:7.1]
package qmslint.rules.risk.residual_unaccepted

import data.qmslint.lib

accepted(r) if {
	trim_space(object.get(r.residual, "accepted_by", "")) != ""
	trim_space(object.get(r.residual, "justification", "")) != ""
}

rating([_, true]) := "after treatment (residual rating)"

rating([_, false]) := "with no residual rating, so its initial score stands"

deny contains f if {
	some reg in lib.registers_of_kind("risk-register")
	a := lib.risk_acceptance(reg)
	some r in reg.risks
	is_object(r)
	r.treatment in {"mitigate", "transfer", "avoid"}
	after := lib.risk_after(r)
	after[0] > a.value
	not accepted(r)
	f := object.union(lib.at(r, "residual"), {
		"msg": sprintf("risk %s (treatment %s) scores %v %s, above %v, %s, and nobody has accepted that residual risk: treat it further and rate the residual again, or record residual.accepted_by and residual.justification", [r.id, r.treatment, after[0], rating(after), a.value, a.note]),
		"subject": r.id,
	})
}
