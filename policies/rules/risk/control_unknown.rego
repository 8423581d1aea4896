# METADATA
# title: Risk control that does not exist
# description: |
#   A risk is only as treated as its controls are real. Each control must be
#   the id of a document or register item in the repository, or an ISO
#   27001:2022 Annex A control (ISO27001:A.8.13); a control that names
#   nothing means the treatment exists only on paper.
# custom:
#   id: risk.control-unknown
#   severity: major
#   clauses: [ISO27001:6.1.3, ISO27001:8.3, ISO13485:4.1.2]
package qmslint.rules.risk.control_unknown

import data.qmslint.lib

# The number of controls in each theme of ISO/IEC 27001:2022 Annex A.
annex_a := {"5": 37, "6": 8, "7": 14, "8": 34}

annex_control(c) if {
	parts := regex.find_all_string_submatch_n(`^ISO27001:A\.([5-8])\.([0-9]+)$`, c, 1)[0]
	n := to_number(parts[2])
	n >= 1
	n <= annex_a[parts[1]]
}

deny contains f if {
	some r in lib.risks
	some i, c in r.controls
	is_string(c)
	not c in lib.ids
	not annex_control(c)
	f := object.union(lib.at(r, sprintf("controls/%d", [i])), {
		"msg": sprintf("risk %s is controlled by %q, which is neither the id of a document or item in the repository nor an ISO 27001:2022 Annex A control (like ISO27001:A.8.13): fix the id or add the control", [r.id, c]),
		"subject": sprintf("%s/%s", [r.id, c]),
	})
}
