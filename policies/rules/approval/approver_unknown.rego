# METADATA
# title: Approval signed by someone not in the people register
# description: |
#   Documents must be approved by authorised people, and authority can only
#   be shown for someone the organisation knows. An approval by a name the
#   people register does not hold cannot be traced to a person or a role.
#   Judged only when the repository has a people register.
# custom:
#   id: approval.approver-unknown
#   severity: major
#   scope: document
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
package qmslint.rules.approval.approver_unknown

import data.qmslint.lib

deny contains f if {
	lib.people_known
	some d in lib.approved_items
	some a in d.approvals
	is_object(a)
	is_string(a.by)
	not lib.person_id(a.by)
	f := object.union(lib.at(a, "by"), {
		"msg": sprintf("%s is approved by %q, who is not in the people register: add them (with the role they approved in) or correct the name", [lib.name(d), a.by]),
		"subject": sprintf("%s/%s", [d.id, a.by]),
	})
}
