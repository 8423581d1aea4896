# METADATA
# title: Document withdrawn without a replacement
# description: |
#   When a document is withdrawn, its readers must know what replaces it,
#   or the activity it governed is left without instructions. A document
#   made obsolete needs superseded_by naming a document in force; one
#   deleted must no longer be referenced by documents in force.
# custom:
#   id: change.obsolete-without-replacement
#   severity: minor
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
#   phase: review
package qmslint.rules.change.obsolete_without_replacement

import data.qmslint.rules.change.lib

in_force(id) if {
	d := lib.head_item(id)
	object.get(d, "status", "") != "obsolete"
}

deny contains f if {
	some c in lib.change.changed
	c.status == "changed"
	c.status_before != "obsolete"
	c.status_after == "obsolete"
	d := lib.head_item(c.id)
	not in_force(object.get(d, "superseded_by", ""))
	f := object.union(lib.at(c, "status"), {
		"msg": sprintf("%s was made obsolete without superseded_by naming a document in force (got %q): name the replacement, or say in the change why none is needed", [lib.name(c), object.get(d, "superseded_by", "")]),
		"subject": c.id,
	})
}

deny contains f if {
	some c in lib.change.changed
	c.status == "removed"
	users := [id | some id in c.impact.referenced_by; in_force(id)]
	count(users) > 0
	f := {
		"file": c.file,
		"line": 0,
		"msg": sprintf("%s was deleted, but %s still refer to it: mark it obsolete with superseded_by instead, or update those documents", [c.id, concat(", ", users)]),
		"subject": c.id,
	}
}
