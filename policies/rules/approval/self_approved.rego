# METADATA
# title: Author approves their own revision
# description: |
#   Approval is a second person's judgement that the text is adequate.
#   When the author of a revision (its author field) also signs it, that
#   signature shows no review: another authorised person must approve.
# custom:
#   id: approval.self-approved
#   severity: minor
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
package qmslint.rules.approval.self_approved

import data.qmslint.lib

deny contains f if {
	some d in lib.approved_items
	is_string(object.get(d, "author", null))
	some a in d.approvals
	is_object(a)
	is_string(a.by)
	same(d.author, a.by)
	f := object.union(lib.at(a, "by"), {
		"msg": sprintf("%s is written by %s and approved by %s, the same person: ask another authorised person to approve it", [lib.name(d), d.author, a.by]),
		"subject": sprintf("%s/%s", [d.id, a.by]),
	})
}

same(x, y) if lib.person_id(x) == lib.person_id(y)

same(x, y) if lower(trim_space(x)) == lower(trim_space(y))
