# METADATA
# title: Statement of Applicability and documents disagree
# description: |
#   The Statement of Applicability and the documents must tell the same
#   story: a document the SoA names as implementing a control must exist,
#   be in force and cite that control, and no document in force may claim
#   to implement a control the SoA excludes. Where they disagree, one of
#   them is out of date.
# custom:
#   id: soa.implementation-mismatch
#   severity: minor
#   clauses: [ISO27001:6.1.3, ISO27001:7.5.2]
package qmslint.rules.soa.implementation_mismatch

import data.qmslint.lib
import data.qmslint.lib.coverage as cov

# Items with an id, by id; a set per id so duplicated ids never conflict.
by_id[id] contains it if {
	some it in array.concat(input.documents, input.registers)
	id := it.id
	is_string(id)
}

deny contains f if {
	cov.enabled("ISO27001")
	some r in cov.soas
	is_array(r.controls)
	some i, e in r.controls
	e.applicable != false
	is_array(e.implemented_by)
	some j, doc in e.implemented_by
	msg := problem(e.control, doc)
	f := object.union(lib.at(r, sprintf("controls/%d/implemented_by/%d", [i, j])), {
		"subject": sprintf("%v/%v", [e.control, doc]),
		"msg": msg,
	})
}

problem(control, doc) := sprintf("the Statement of Applicability names %v as implementing %v, but there is no document with that id: correct the id or remove it", [doc, control]) if {
	not by_id[doc]
} else := sprintf("the Statement of Applicability names %v as implementing %v, but %v does not cite %v in its clauses: add the control there, or correct implemented_by", [doc, control, doc, control]) if {
	not cites(doc, control)
} else := sprintf("the Statement of Applicability names %v as implementing %v, but %v is not in force (status %v): approve it or name the document that is", [doc, control, doc, status(doc)]) if {
	not in_force(doc)
}

cites(doc, control) if {
	some it in by_id[doc]
	control in object.get(it, "clauses", [])
}

in_force(doc) if {
	some it in by_id[doc]
	lib.in_force(it)
}

status(doc) := concat("/", sort({object.get(it, "status", "none") | some it in by_id[doc]}))

# A document in force that cites a control the SoA excludes.
deny contains f if {
	some id, es in cov.soa_entries
	some e in es
	e.applicable == false
	some d in cov.addressing
	lib.in_force(d)
	some k, c in d.clauses
	c == id
	f := object.union(lib.at(d, sprintf("clauses/%d", [k])), {
		"subject": sprintf("%s/%s", [id, object.get(d, "id", d.file)]),
		"msg": sprintf("%s cites %s, which the Statement of Applicability excludes (%s): include the control in the SoA, or remove the citation", [object.get(d, "id", d.file), id, trim_space(object.get(e, "justification", "no justification"))]),
	})
}
