# METADATA
# title: Auditor audits a process or document they own or approved
# description: |
#   Auditors must not audit their own work. An auditor who holds the role
#   that owns a document in the audit's scope, or who approved it, or who
#   owns a process in its scope (the quality manual's processes: with an
#   owner), judges their own decisions. Judged only when the repository
#   has a people register.
# custom:
#   id: audit.auditor-not-independent
#   severity: minor
#   clauses: [ISO13485:8.2.4, ISO27001:9.2.2]
package qmslint.rules.audit.auditor_not_independent

import data.qmslint.lib

deny contains f if {
	lib.people_known
	some prog in lib.audit_programmes
	some a in lib.live_audits(prog)
	pid := lib.person_id(a.auditor)
	some i, id in object.get(a, ["scope", "documents"], [])
	d := lib.document_by_id[id]
	why := tie(pid, d, a.date)
	f := object.union(lib.at(a, sprintf("scope/documents/%d", [i])), {
		"msg": sprintf("%s audits %s, which %s %s: choose an auditor independent of it", [a.auditor, lib.name(d), lib.person_by_id[pid].name, why]),
		"subject": sprintf("%s/%s", [a.id, id]),
	})
}

deny contains f if {
	lib.people_known
	some prog in lib.audit_programmes
	some a in lib.live_audits(prog)
	pid := lib.person_id(a.auditor)
	some i, x in object.get(a, ["scope", "processes"], [])
	is_string(x)
	some p in lib.qms_processes
	p.key == lib.process_key(x)
	lib.owns_process(pid, p, a.date)
	f := object.union(lib.at(a, sprintf("scope/processes/%d", [i])), {
		"msg": sprintf("%s audits the process %q, which %s owns (owner: %s in %s): choose an auditor independent of it", [a.auditor, p.name, lib.person_by_id[pid].name, p.owner, p.manual.id]),
		"subject": sprintf("%s/%s", [a.id, p.name]),
	})
}

tie(pid, d, date) := sprintf("owns (as %s)", [d.owner]) if {
	is_string(object.get(d, "owner", null))
	d.owner in lib.roles_at(pid, date)
} else := "owns" if {
	lib.person_id(d.owner) == pid
} else := "approved" if {
	some ap in object.get(d, "approvals", [])
	lib.person_id(ap.by) == pid
}
