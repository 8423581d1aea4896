# METADATA
# title: ISO 13485 exclusion or non-application not allowed
# description: |
#   ISO 13485 lets an organisation exclude or declare not applicable only
#   requirements of clauses 6, 7 and 8, and only with a justification in
#   the quality manual. Any other exclusion is a nonconformity in itself,
#   and qmslint does not count it in the coverage figures.
# custom:
#   id: iso13485.exclusion-invalid
#   severity: major
#   clauses: [ISO13485:4.2.2]
#   scope: document
package qmslint.rules.iso13485.exclusion_invalid

import data.qmslint.lib
import data.qmslint.lib.coverage as cov

# The manuals judged, iterated by each deny body itself: a rule judged
# file by file (custom.scope) iterates the files, not a value built over
# all of them.
judged(d) if {
	cov.enabled("ISO13485")
	d.status != "obsolete"
}

deny contains f if {
	some d in lib.documents_of_kind.manual
	judged(d)
	is_array(d.exclusions)
	some x in d.exclusions
	msg := cov.exclusion_error(x)
	f := object.union(lib.where(x), {
		"subject": sprintf("%s/%v", [d.id, object.get(x, "clause", "exclusion")]),
		"msg": sprintf("%s: %s", [lib.name(d), msg]),
	})
}

deny contains f if {
	some d in lib.documents_of_kind.manual
	judged(d)
	is_array(d.applicability)
	some x in d.applicability
	msg := cov.applicability_error(x)
	f := object.union(lib.where(x), {
		"subject": sprintf("%s/%v", [d.id, object.get(x, "condition", "applicability")]),
		"msg": sprintf("%s: %s", [lib.name(d), msg]),
	})
}
