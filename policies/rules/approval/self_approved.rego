# METADATA
# title: Author approves their own revision
# description: |
#   Approval is a second person's judgement that the text is adequate.
#   When the author of a revision also signs it, that signature shows no
#   review: another authorised person must approve. The author is the
#   document's author field and, inside a Git repository, whoever wrote a
#   commit that changed the text since the previous revision (their Git
#   e-mail mapped to a person by the people register).
# custom:
#   id: approval.self-approved
#   severity: minor
#   scope: document
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

# Git names authors the front matter does not: each approver who wrote a
# commit of the current revision, once (an author field that already
# names them has said it).
deny contains f if {
	some d in lib.approved_items

	# Only a document Git has commits of can have commit authors: one lookup
	# spares the others the walk of their (empty) history.
	lib.history[d.id]
	written := {k |
		some e in lib.revision_commits(d)
		e.content_changed
		some k in identity_keys[identity(e)]
	}
	count(written) > 0
	some a in d.approvals
	is_object(a)
	is_string(a.by)

	# Nearly no approver wrote the revision: one set intersection spares
	# the others same()'s look-ups, author by author.
	count(keys(a.by) & written) > 0
	not same(object.get(d, "author", ""), a.by)
	some who in lib.revision_authors(d)
	same(who, a.by)
	commits := [substring(e.commit, 0, 8) | some e in lib.revision_commits(d); e.content_changed; lib.commit_person(e) == who]
	f := object.union(lib.at(a, "by"), {
		"msg": sprintf("%s revision %v is approved by %s, who wrote it (commit %s): ask another authorised person to approve it", [lib.name(d), object.get(d, "revision", "?"), a.by, concat(", ", commits)]),
		"subject": sprintf("%s/%s", [d.id, a.by]),
	})
}

# identity(e): a commit's author as Git records it, e-mail and name.
identity(e) := [object.get(e, "email", null), object.get(e, "author", null)]

# identity_keys[identity]: the keys of the person the identity names
# (lib.commit_person), made once per identity of the history: a repository
# has thousands of commits and a few authors.
identity_keys[id] := keys(who) if {
	some id in {identity(e) | some es in lib.history; some e in es; e.content_changed}
	who := lib.commit_person({"email": id[0], "author": id[1]})
	is_string(who)
}

same(x, y) if lib.person_id(x) == lib.person_id(y)

same(x, y) if lower(trim_space(x)) == lower(trim_space(y))

# keys(s) is what same() compares of s: the id of the person it names and
# its text as compared (same(x, y) exactly when keys(x) & keys(y) is not
# empty).
keys(s) := {["id", pid] | pid := lib.person_id(s)} | {["text", t] | t := lower(trim_space(s))}
