# METADATA
# title: Applicable Annex A control implemented by no document in force
# description: |
#   A control the Statement of Applicability declares applicable must be
#   implemented, and the evidence an auditor asks for first is the
#   approved, effective document that implements it: one that cites the
#   control in its clauses.
# custom:
#   id: soa.applicable-unimplemented
#   severity: major
#   clauses: [ISO27001:6.1.3, ISO27001:8.3]
package qmslint.rules.soa.applicable_unimplemented

import data.qmslint.lib
import data.qmslint.lib.coverage as cov

deny contains f if {
	cov.enabled("ISO27001")
	some r in cov.soas
	is_array(r.controls)
	some e in r.controls
	e.applicable == true
	cov.known(e.control)
	not cov._covered(e.control)
	f := object.union(lib.where(e), {
		"subject": e.control,
		"msg": sprintf("the Statement of Applicability declares %s (%s) applicable%s, but no approved, effective document cites it: add %s to the clauses of the document that implements it", [e.control, cov.clauses[e.control].title, listed(e), e.control]),
	})
}

listed(e) := sprintf(" and names %s as implementing it", [concat(", ", e.implemented_by)]) if count(object.get(e, "implemented_by", [])) > 0

else := ""
