# METADATA
# title: Procedure without a deputy owner
# description: |
#   Every approved procedure names a deputy owner other than its owner, so
#   that when the owner is absent someone is still accountable for keeping
#   the procedure current and answering the auditor's questions about it.
# related_resources:
#   - ref: https://github.com/qmslint/qmslint/tree/main/examples/custom-policy
#     description: the ACME pack walk-through
# custom:
#   id: acme.sop-deputy-owner
#   severity: minor
#   clauses: [ISO13485:5.5.1, ISO27001:5.3]
#   overridable: false
package acme.sop_deputy_owner

import data.qmslint.lib

deny contains f if {
	some d in lib.documents
	d.kind == "procedure"
	lib.in_force(d)
	object.get(d, "deputy_owner", "") == ""
	f := object.union(lib.at(d, "deputy_owner"), {
		"msg": sprintf("%s names no deputy_owner; ACME's SOP-001 requires a deputy for every procedure: add deputy_owner: <role> to its front matter", [lib.name(d)]),
		"subject": d.id,
	})
}

deny contains f if {
	some d in lib.documents
	d.kind == "procedure"
	lib.in_force(d)
	d.deputy_owner == d.owner
	f := object.union(lib.at(d, "deputy_owner"), {
		"msg": sprintf("%s names %q as both owner and deputy_owner; the deputy must be someone else", [lib.name(d), d.owner]),
		"subject": d.id,
	})
}
