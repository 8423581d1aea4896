# METADATA
# title: Approval without the commit that evidences it
# description: |
#   Some companies treat Git commits as electronic signatures: an approval
#   counts only when Git shows it, as a signed commit by the approver or a
#   commit with an Approved-by: trailer naming the approver's Git e-mail.
#   Where the document-control procedure requires that
#   (parameters: {approval_commit_evidence: true}, or required: true in
#   .qmslint.yaml), an approval of the current revision that no such commit
#   backs is a name typed into a file. Judged only inside a Git repository
#   with a people register; off by default.
# custom:
#   id: approval.commit-evidence
#   severity: minor
#   scope: document
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
#   params:
#     required: false
package qmslint.rules.approval.commit_evidence

import data.qmslint.lib

setting := lib.threshold("approval.commit-evidence", "required", "approval_commit_evidence", false)

deny contains f if {
	setting.value == true
	lib.people_known
	some d in lib.approved_items
	count(lib.revision_commits(d)) > 0
	some a in d.approvals
	is_object(a)
	is_string(a.by)
	pid := lib.person_id(a.by)
	count(lib.commit_evidence(d, pid)) == 0
	f := object.union(lib.at(a, "by"), {
		"msg": sprintf("%s revision %v lists an approval by %s, but no commit of this revision is signed by them or carries an Approved-by: trailer with one of their e-mails (%s), %s: have them approve it in Git (git commit -S, or a trailer Approved-by: Name <e-mail>)", [lib.name(d), object.get(d, "revision", "?"), a.by, emails(pid), setting.note]),
		"subject": sprintf("%s/%s", [d.id, a.by]),
	})
}

emails(pid) := concat(", ", es) if {
	es := [e | some e in object.get(lib.person_by_id[pid], "emails", []); is_string(e)]
	count(es) > 0
} else := "none in the people register"
