# METADATA
# title: Training record names a document, revision or person that does not exist
# description: |
#   A training record is evidence only for what it names. One about a
#   document that does not exist, a revision later than the current one (a
#   revision that never existed), or a person the people register does not
#   hold, shows no one's competence and hides the training actually due.
# custom:
#   id: training.reference-unknown
#   severity: minor
#   clauses: [ISO13485:6.2, ISO27001:7.2]
package qmslint.rules.training.reference_unknown

import data.qmslint.lib

deny contains f if {
	some x in lib.training_records
	is_string(x.document)
	not lib.id_counts[x.document]
	f := object.union(lib.at(x, "document"), {
		"msg": sprintf("training record of %s names document %s, which does not exist: correct the id", [x.date, x.document]),
		"subject": sprintf("%s@%v/%s", [x.document, x.revision, x.date]),
	})
}

deny contains f if {
	some x in lib.training_records
	d := lib.document_by_id[x.document]
	current := lib.revision_number(object.get(d, "revision", null))
	named := lib.revision_number(x.revision)
	named > current
	f := object.union(lib.at(x, "revision"), {
		"msg": sprintf("training record of %s names revision %v of %s, but its current revision is %v: a later revision never existed, correct the record", [x.date, x.revision, lib.name(d), d.revision]),
		"subject": sprintf("%s@%v/%s", [x.document, x.revision, x.date]),
	})
}

deny contains f if {
	lib.people_known
	some x in lib.training_records
	some i, p in x.people
	not lib.person_id(p)
	f := object.union(lib.at(x, sprintf("people/%d", [i])), {
		"msg": sprintf("training record of %s on %v names %q, who is not in the people register: add them or correct the name", [x.date, x.document, p]),
		"subject": sprintf("%v@%v/%s/%s", [x.document, x.revision, x.date, p]),
	})
}
