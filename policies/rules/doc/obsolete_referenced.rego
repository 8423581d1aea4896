# METADATA
# title: Current document refers to an obsolete one
# description: |
#   Obsolete documents must not be used. A document in force that still
#   points its reader to an obsolete procedure or form invites exactly
#   that; point it at the replacement (superseded_by) instead.
# custom:
#   id: doc.obsolete-referenced
#   severity: minor
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
package qmslint.rules.doc.obsolete_referenced

import data.qmslint.lib

# A comprehension is built once; a partial rule would rescan every document
# for each link looked up.
obsolete_by_path := {d.file: d | some d in lib.documents; d.status == "obsolete"}

replacement(old) := sprintf(" (replaced by %s)", [old.superseded_by]) if is_string(old.superseded_by)

replacement(old) := "" if not is_string(object.get(old, "superseded_by", null))

deny contains f if {
	some d in lib.documents
	d.status != "obsolete"
	some i, ref in d.references
	old := lib.document_by_id[ref]
	old.status == "obsolete"
	f := object.union(lib.at(d, sprintf("references/%d", [i])), {
		"msg": sprintf("%s refers to %s, which is obsolete%s: refer to the document in force", [lib.name(d), lib.name(old), replacement(old)]),
		"subject": sprintf("%s/%s", [d.id, ref]),
	})
}

deny contains f if {
	some d in lib.documents
	d.status != "obsolete"
	some l in d.links
	old := obsolete_by_path[l.path]
	# One finding per obsolete document, at its first link.
	l.line == min({x.line | some x in d.links; x.path == l.path})
	not old.id in {ref | some ref in d.references}
	f := {
		"msg": sprintf("%s links to %s, which is obsolete%s: link to the document in force", [lib.name(d), lib.name(old), replacement(old)]),
		"subject": sprintf("%s/%s", [d.id, old.id]),
		"file": d.file,
		"line": l.line,
	}
}
