# METADATA
# title: Revision numbers skipped or going backwards
# description: |
#   The revision history of a controlled document is read as a sequence:
#   an auditor who sees revision 6 followed by revision 9 asks where 7 and
#   8 went, whether they were issued, to whom, and why they left no trace.
#   A change that raises a numeric (or single-letter) revision by more
#   than one is an observation; one that lowers it is minor, since two
#   versions may then carry the same number.
# custom:
#   id: change.revision-skipped
#   severity: observation
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.2]
#   phase: review
package qmslint.rules.change.revision_skipped

import data.qmslint.rules.change.lib

# The position of a revision in its sequence: a whole number, or a single
# letter A to Z (revision B is 2).
position(r) := to_number(r) if regex.match(`^[0-9]{1,9}$`, r)

position(r) := n if {
	regex.match(`^[A-Za-z]$`, r)
	n := indexof("ABCDEFGHIJKLMNOPQRSTUVWXYZ", upper(r)) + 1
}

# Whether two revisions are of the same form (both numbers or both
# letters); a change from A to 3 renumbers the scheme, which is no skip.
same_form(a, b) if {
	regex.match(`^[0-9]+$`, a)
	regex.match(`^[0-9]+$`, b)
}

same_form(a, b) if {
	regex.match(`^[A-Za-z]$`, a)
	regex.match(`^[A-Za-z]$`, b)
}

label(r, n) := format_int(n, 10) if regex.match(`^[0-9]+$`, r)

label(r, n) := substring("ABCDEFGHIJKLMNOPQRSTUVWXYZ", n - 1, 1) if regex.match(`^[A-Za-z]$`, r)

deny contains f if {
	some c in lib.change.changed
	c.status == "changed"
	before := sprintf("%v", [c.revision_before])
	after := sprintf("%v", [c.revision_after])
	same_form(before, after)
	b := position(before)
	a := position(after)
	a > b + 1
	missing := [label(after, n) | some n in numbers.range(b + 1, a - 1)]
	f := object.union(lib.at(c, "revision"), {
		"msg": sprintf("%s went from revision %s to %s since %s, skipping %s: number this revision %s, or, if the skipped revisions were issued, record them in the document's change history", [lib.name(c), before, after, lib.change.base.ref, concat(", ", missing), label(after, b + 1)]),
		"subject": c.id,
	})
}

deny contains f if {
	some c in lib.change.changed
	c.status == "changed"
	before := sprintf("%v", [c.revision_before])
	after := sprintf("%v", [c.revision_after])
	same_form(before, after)
	position(after) < position(before)
	f := object.union(lib.at(c, "revision"), {
		"msg": sprintf("%s went back from revision %s to %s since %s: an earlier approved version already carries %s; number this revision %s", [lib.name(c), before, after, lib.change.base.ref, after, label(after, position(before) + 1)]),
		"subject": c.id,
		"severity": "minor",
	})
}
