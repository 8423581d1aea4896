# METADATA
# title: Annex A control excluded without a justification
# description: |
#   ISO/IEC 27001 requires the Statement of Applicability to justify every
#   control it excludes. An exclusion without a reason cannot be defended
#   in an audit and does not count as addressed in the coverage figures;
#   neither does a placeholder ("n/a", "tbd") or the organisation's size.
# custom:
#   id: soa.exclusion-unjustified
#   severity: major
#   clauses: [ISO27001:6.1.3]
package qmslint.rules.soa.exclusion_unjustified

import data.qmslint.lib
import data.qmslint.lib.coverage as cov

deny contains f if {
	cov.enabled("ISO27001")
	some r in cov.soas
	is_array(r.controls)
	some e in r.controls
	e.applicable == false
	not cov.justified(e)
	f := object.union(lib.where(e), {
		"subject": sprintf("%v", [e.control]),
		"msg": sprintf("the Statement of Applicability excludes %v %s: say why the control is not needed (for example: no premises of our own, the data centre provider's controls apply)", [e.control, lacking(e)]),
	})
}

lacking(e) := "without a justification" if cov.justification_error(e) == "blank"

else := sprintf("with the justification %q, which does not say why (a placeholder, or the organisation's size)", [e.justification])
