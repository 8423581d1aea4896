# METADATA
# title: Change leaves a clause without a document
# description: |
#   Every requirement the management system claims to meet needs a
#   document in force that addresses it. A change that removes the last
#   such document (or its claim) leaves the requirement unaddressed.
# custom:
#   id: change.clause-dropped
#   severity: major
#   clauses: [ISO13485:4.2.1, ISO27001:7.5.1]
#   phase: review
package qmslint.rules.change.clause_dropped

import data.qmslint.lib as qlib
import data.qmslint.rules.change.lib

# Whether a document in force on a side addresses clause cl: asked only
# for the clauses of the changed items, so neither side's documents are
# gathered whole.
base_covers(cl) if _covers(object.get(lib.change.base, "documents", []), cl)

head_covers(cl) if _covers(object.get(lib.change.head, "documents", []), cl)

_covers(docs, cl) if {
	some d in docs
	cl in object.get(d, "clauses", [])
	object.get(d, "status", "") != "obsolete"
}

dropped_clauses := {cl |
	some c in lib.change.changed
	some cl in c.clauses
	base_covers(cl)
	not head_covers(cl)
}

# One finding per clause, at the first changed document that had it.
dropped[cl] := sort([c.id | some c in lib.change.changed; cl in c.clauses]) if some cl in dropped_clauses

changed_by_id := qlib.by_id(lib.change.changed)

deny contains f if {
	some cl, ids in dropped
	c := changed_by_id[ids[0]]
	f := object.union(lib.at(c, "clauses"), {
		"msg": sprintf("after this change no document in force addresses %s; %s covered it at %s: keep the clause in a document in force, or record why it no longer applies", [cl, concat(", ", ids), lib.change.base.ref]),
		"subject": cl,
	})
}
