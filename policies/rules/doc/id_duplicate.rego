# METADATA
# title: Identifier used twice
# description: |
#   Every document, register and register item needs an identifier that is
#   unique across the repository; otherwise references, CAPA records and
#   audit trails cannot say which one they mean.
# custom:
#   id: doc.id-duplicate
#   severity: major
#   clauses: [ISO13485:4.2.4, ISO13485:4.2.5, ISO27001:7.5.2]
package qmslint.rules.doc.id_duplicate

import data.qmslint.lib

# Duplicated ids: those more than one item carries. Their places are looked
# up only for them.
duplicated contains id if {
	some id, n in lib.id_counts
	n > 1
}

deny contains f if {
	some id in duplicated
	places := sort([[it.file, it.line, it.pointer] | some it in lib.items; it.id == id])
	count(places) > 1
	second := places[1]
	others := concat(", ", [sprintf("%s:%d", [p[0], p[1]]) | some i, p in places; i != 1])
	f := {
		"msg": sprintf("id %q is used %d times; also at %s: give each item its own id", [id, count(places), others]),
		"subject": id,
		"file": second[0],
		"pointer": concat("/", [second[2], "id"]),
	}
}
