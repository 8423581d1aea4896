# METADATA
# title: Annex A control missing from the Statement of Applicability
# description: |
#   ISO/IEC 27001 requires a Statement of Applicability that decides every
#   Annex A control: applicable or not, and why. A control the SoA does not
#   list was never decided, and an auditor reads that as a gap in the risk
#   treatment.
# custom:
#   id: soa.control-missing
#   severity: major
#   clauses: [ISO27001:6.1.3]
package qmslint.rules.soa.control_missing

import data.qmslint.lib
import data.qmslint.lib.coverage as cov

controls := {id |
	some id in cov.leaves
	c := cov.clauses[id]
	c.standard == "ISO27001"
	startswith(c.number, "A.")
}

deny contains f if {
	cov.enabled("ISO27001")
	count(cov.soas) == 0
	f := {"subject": "ISO27001:6.1.3", "msg": sprintf("there is no Statement of Applicability: add a YAML register with kind: soa that decides each of the %d Annex A controls (control, applicable, justification, implemented_by)", [count(controls)])}
}

deny contains f if {
	count(cov.soas) > 0
	some id in controls
	not object.get(cov.soa_entries, id, false)
	r := cov.soas[0]
	f := object.union(lib.at(r, "controls"), {
		"subject": id,
		"msg": sprintf("the Statement of Applicability does not list %s (%s): add it to controls with applicable: true and the documents that implement it, or applicable: false with a justification", [id, cov.clauses[id].title]),
	})
}
