# METADATA
# title: Waiver, CAPA closure or risk acceptance signed without authority
# description: |
#   Accepting a nonconformity, closing a CAPA and accepting a risk are
#   decisions the organisation reserves to named roles. A sign-off by
#   someone the people register does not know, or who held none of those
#   roles on the day, or one that names no signer at all, is not evidence
#   of that decision. Judged only when the repository has a people
#   register and the authority names the sign-off (waiver, capa-closure,
#   risk-acceptance) or a default.
# custom:
#   id: approval.signoff-unauthorised
#   severity: major
#   clauses: [ISO13485:4.2.4, ISO13485:8.5.2, ISO27001:7.5.3, ISO27001:6.1.3]
package qmslint.rules.approval.signoff_unauthorised

import data.qmslint.lib

# Each sign-off as {what, kind, item, field, by, date}; by is null when
# nobody is named.
signoffs := array.concat(
	array.concat(
		[{"what": sprintf("waiver %s", [w.id]), "kind": "waiver", "item": w, "field": "approved_by", "by": object.get(w, "approved_by", null), "date": object.get(w, "approved", input.date), "subject": w.id} |
			some w in lib.documents_of_kind.waiver
		],
		[{"what": sprintf("the closure of %s", [c.id]), "kind": "capa-closure", "item": c, "field": "closed_by", "by": object.get(c, "closed_by", null), "date": object.get(c, "closed", input.date), "subject": c.id} |
			some c in lib.documents_of_kind.capa
			c.status == "closed"
		],
	),
	array.concat(
		[{"what": sprintf("the acceptance of risk %s", [r.id]), "kind": "risk-acceptance", "item": r, "field": "accepted_by", "by": object.get(r, "accepted_by", null), "date": object.get(r, "accepted", input.date), "subject": r.id} |
			some r in lib.risks
			object.get(r, "treatment", "") == "accept"
		],
		# A residual risk left above the threshold after treatment is
		# accepted as much as a risk accepted outright (risk.residual-unaccepted
		# asks for residual.accepted_by), and by the same authority.
		[{"what": sprintf("the acceptance of the residual risk of %s", [r.id]), "kind": "risk-acceptance", "item": r, "field": "residual/accepted_by", "by": r.residual.accepted_by, "date": object.get(r.residual, "accepted", input.date), "subject": sprintf("%s/residual", [r.id])} |
			some r in lib.risks
			object.get(r, "treatment", "") != "accept"
			is_string(r.residual.accepted_by)
		],
	),
)

deny contains f if {
	lib.people_known
	some s in signoffs
	roles := lib.authorised_roles(s.kind)
	msg := problem(s, roles)
	f := object.union(lib.at(s.item, s.field), {
		"msg": msg,
		"subject": s.subject,
	})
}

problem(s, roles) := sprintf("%s names no signer: add %s with someone in a role that may sign it (%s, %s)", [s.what, s.field, concat(", ", sort(roles)), lib.approval_authority.note]) if {
	not is_string(s.by)
} else := sprintf("%s is signed by %q, who is not in the people register: add them or correct %s", [s.what, s.by, s.field]) if {
	not lib.person_id(s.by)
} else := sprintf("%s is signed by %s, who on %v held no role that may sign it (%s, %s): have it signed by someone who does", [s.what, s.by, s.date, concat(", ", sort(roles)), lib.approval_authority.note]) if {
	not lib.authorised(lib.person_id(s.by), s.kind, s.date)
}
