# METADATA
# title: Annex A control excluded while a risk treatment relies on it
# description: |
#   The Statement of Applicability lists the controls the risk treatment
#   needs. A control it declares not applicable while a risk names it among
#   its controls leaves that risk treated by a control the organisation
#   says it does not have: either the treatment or the SoA is wrong.
# custom:
#   id: soa.excluded-control-treats-risk
#   severity: major
#   clauses: [ISO27001:6.1.3, ISO27001:8.3]
package qmslint.rules.soa.excluded_control_treats_risk

import data.qmslint.lib
import data.qmslint.lib.coverage as cov

# The controls the SoAs exclude, each with its first exclusion.
excluded := {id: es[0] |
	some id, entries in cov.soa_entries
	es := [e | some e in entries; e.applicable == false]
	count(es) > 0
}

deny contains f if {
	cov.enabled("ISO27001")
	some r in lib.risks
	some i, c in object.get(r, "controls", [])
	e := excluded[c]
	f := object.union(lib.at(r, sprintf("controls/%d", [i])), {
		"msg": sprintf("risk %s is treated with %s, which the Statement of Applicability (%s line %d) declares not applicable: include the control in the SoA with the documents that implement it, or treat the risk with controls the organisation applies", [r.id, c, e.file, e.line]),
		"subject": sprintf("%s/%s", [r.id, c]),
	})
}
