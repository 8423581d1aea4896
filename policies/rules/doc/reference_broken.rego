# METADATA
# title: Reference to something that does not exist
# description: |
#   A document that refers to another document, form or record that is not
#   in the repository sends its reader nowhere: the referenced document was
#   renamed, withdrawn or never written. Applies to the references: list and
#   to relative Markdown links.
# custom:
#   id: doc.reference-broken
#   severity: minor
#   scope: document
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
package qmslint.rules.doc.reference_broken

import data.qmslint.lib

# lib.ids is read once per evaluation, not once per reference: each read
# of another package's rule is a lookup in OPA's cache, and there are a
# few references per document.
deny contains f if {
	ids := lib.ids
	some d in lib.documents
	some i, ref in d.references
	not ref in ids
	f := object.union(lib.at(d, sprintf("references/%d", [i])), {
		"msg": sprintf("%s refers to %q, which is not the id of any document, register or item in the repository: fix the id or remove the reference", [lib.name(d), ref]),
		"subject": sprintf("%s/%s", [d.id, ref]),
	})
}

deny contains f if {
	some d in lib.documents
	some l in d.linked_files

	# not l.exists, without a negation's sub-evaluation for every linked
	# file (a missing exists still counts as false).
	object.get(l, "exists", false) == false

	f := {
		"msg": sprintf("%s links to %s, which does not exist: fix the link or restore the file", [lib.name(d), shown(d, l)]),
		"subject": sprintf("%s/%s", [d.id, l.path]),
		"file": d.file,
		"line": l.line,
	}
}

# shown is the link as written, and the file it reaches when it is written
# as if from the root (resolved). One call per finding: a link without a
# slash is shown as written, without target's or resolved's call.
shown(d, l) := l.target if {
	is_string(l.target)
	contains(l.target, "/") == false
} else := concat("", [t, resolved(t, l.path)]) if {
	t := target(d, l)
}

# target is the link as written at its first occurrence (the path, when a
# hand-made input lists the file without its link); the input names it
# (linked_files[].target), older hand-made inputs may not.
target(d, l) := l.target if is_string(l.target)

else := ts[0] if {
	ts := [x.target | some x in object.get(d, "links", []); x.line == l.line; x.path == l.path]
	count(ts) > 0
} else := l.path

# resolved names the file a relative link reaches, from the repository
# root, when the link is written as if from the root: "qms/manual.md" in
# qms/index/ reaches qms/index/qms/manual.md, and without saying so the
# message would name a file the reader sees exists.
resolved(written, p) := sprintf(" (that is %s from the repository root, since a relative link starts at its file's folder)", [p]) if {
	w := split(written, "#")[0]
	contains(w, "/")
	not startswith(w, ".")
	not startswith(w, "/")
	w != p
} else := ""
