package qmslint.lib

# What Git says about who wrote and who approved a document's current
# revision.

# history is input.history: by document id, the commits that changed it,
# newest first; empty outside a Git repository (docs/ci.md). Read as
# input.history, not with object.get(input, ...): a rule judged file by
# file may read the history of its files' documents (internal/engine's
# scope check), not the whole input.
default history := {}

history := input.history

# revision_commits(d): the commits of d's current revision, newest first:
# the history down to the first commit that left d at another revision.
revision_commits(d) := array.slice(entries, 0, end) if {
	entries := object.get(history, d.id, [])
	rev := sprintf("%v", [object.get(d, "revision", "")])
	older := [i | some i, e in entries; e.revision_after != rev]
	end := min(array.concat(older, [count(entries)]))
}

# revision_authors(d): the people (ids; the commit's author name when the
# people register does not know them) whose commits changed what d says
# in its current revision. A commit that touched only the control fields
# (recording an approval) is not authorship.
revision_authors(d) := {commit_person(e) |
	some e in revision_commits(d)
	e.content_changed
}

# commit_person(e): the person a commit's author identity names: the
# e-mail first (the Git identity the register lists), then the name.
commit_person(e) := id if {
	id := person_with_email(e.email)
} else := id if {
	id := person_id(e.author)
} else := e.author

# person_with_email(s): the id of the person whose emails list s (in any
# case); a name is no Git identity.
person_with_email(s) := _person_by_email[lower(trim_space(s))] if is_string(s)

# Each address (lower case, trimmed) to the first person in the register
# who lists it: looked up for every commit of every document's history,
# so made once rather than by a scan of the people per commit.
_person_by_email := {k: ids[0] |
	some k in {x[0] | some x in _email_keys}
	ids := [x[1] | some x in _email_keys; x[0] == k]
}

_email_keys := [[lower(trim_space(e)), p.id] |
	some p in people
	some e in object.get(p, "emails", [])
	is_string(e)
]

# trailer_email("Ann Weber <ann@example.com>") is "ann@example.com"; a
# trailer without <...> is taken whole.
trailer_email(t) := trim_space(m[0][1]) if {
	m := regex.find_all_string_submatch_n(`<([^>]+)>`, t, 1)
	count(m) > 0
} else := trim_space(t)

# commit_evidence(d, pid): how Git evidences pid's approval of d's
# current revision, as short phrases ("signed commit 1a2b3c4d"): a signed
# commit of theirs, or a commit with an Approved-by: trailer naming one of
# their e-mails.
commit_evidence(d, pid) := {x |
	some e in revision_commits(d)
	e.signed
	person_with_email(e.email) == pid
	x := sprintf("signed commit %s", [substring(e.commit, 0, 8)])
} | {x |
	some e in revision_commits(d)
	some t in object.get(e, "approved_by", [])
	person_with_email(trailer_email(t)) == pid
	x := sprintf("Approved-by: in commit %s", [substring(e.commit, 0, 8)])
}
