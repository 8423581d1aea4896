# METADATA
# title: Document changed after approval without a new revision
# description: |
#   An approval covers the text the approvers read. When Git shows the
#   content of an approved document changed after its last approval while
#   the revision stayed the same, the version in force was never approved:
#   raise the revision and have the change approved, or revert it.
# custom:
#   id: doc.changed-after-approval
#   severity: major
#   fix: revision-bump
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.2, ISO27001:7.5.3]
#   scope: document
package qmslint.rules.doc.changed_after_approval

import data.qmslint.lib

# The file of each id's first document: a duplicated id (doc.id-duplicate
# reports it) is judged at its first document only, the one its history
# is read for.
# From the index when there is one: built from the documents, it is a
# given of every document's judgement, named by its value on every run.
first_file := {id: input.documents[i].file | some id, i in input.index.document_of_id} if {
	input.index.document_of_id
} else := {id: d.file | some id, d in lib.document_by_id}

approved_on(d) := max({a.date | some a in d.approvals; is_string(a.date)})

# Starts from the history, which is empty outside a Git repository, and
# weighs only the commits that changed content without a new revision.
# Document by document, each with its own history (lib.history, by id:
# set only when the root is in a Git repository, internal/history), so a
# change to one document judges that document alone.
deny contains f if {
	some d in lib.documents
	d.kind in lib.controlled_kinds
	entries := lib.history[d.id]
	first_file[d.id] == d.file
	d.status == "approved"
	revision := sprintf("%v", [d.revision])
	unrevised := [e |
		some e in entries
		e.content_changed
		not e.added
		not e.removed
		e.revision_before == e.revision_after
		e.revision_after == revision
	]
	count(unrevised) > 0
	approved := approved_on(d)
	later := [e | some e in unrevised; e.date > approved]
	count(later) > 0
	e := later[0]
	f := object.union(lib.at(d, "revision"), {
		"msg": sprintf("%s was last approved on %s at revision %s, but commit %s (%s, %s: %q) changed its content afterwards without a new revision%s: raise the revision and have the change approved, or revert it", [lib.name(d), approved, revision, substring(e.commit, 0, 8), e.date, e.author, e.message, more(count(later))]),
		"subject": d.id,
	})
}

more(n) := "" if n == 1

more(n) := sprintf(" (and %d earlier commit(s))", [n - 1]) if n > 1
