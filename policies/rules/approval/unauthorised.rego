# METADATA
# title: No approval by someone with authority for the document's kind
# description: |
#   The document-control procedure says which roles may approve which kind
#   of document. When none of a document's approvers held such a role (or
#   stood in for someone who did) on the day they signed, the document was
#   not approved by an authorised person. Judged only when the repository
#   has a people register and the authority names the kind (or a default).
# custom:
#   id: approval.unauthorised
#   severity: major
#   scope: document
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
#   params:
#     authority: {}
package qmslint.rules.approval.unauthorised

import data.qmslint.lib

deny contains f if {
	lib.people_known
	some d in lib.approved_items
	roles := lib.authorised_roles(d.kind)
	signed := [a | some a in d.approvals; is_object(a); is_string(a.by); is_string(a.date)]
	count(signed) > 0
	not any_authorised(d.kind, signed)
	names := concat(", ", [sprintf("%s on %s", [a.by, a.date]) | some a in signed])
	f := object.union(lib.at(d, "approvals"), {
		"msg": sprintf("%s (a %s) is approved by %s, but no approver held, on the day they signed, a role that may approve a %s (%s, %s): add an approval by someone in one of those roles", [lib.name(d), d.kind, names, d.kind, concat(", ", sort(roles)), lib.approval_authority.note]),
		"subject": d.id,
	})
}

any_authorised(kind, signed) if {
	some a in signed
	lib.authorised(lib.person_id(a.by), kind, a.date)
}
