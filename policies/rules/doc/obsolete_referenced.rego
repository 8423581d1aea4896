# METADATA
# title: Current document refers to an obsolete one
# description: |
#   Obsolete documents must not be used. A document in force that still
#   points its reader to an obsolete procedure or form invites exactly
#   that; point it at the replacement (superseded_by) instead.
# custom:
#   id: doc.obsolete-referenced
#   severity: minor
#   scope: document
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
package qmslint.rules.doc.obsolete_referenced

import data.qmslint.lib

# Only what the messages and lookups read of each obsolete document: the
# list is a given of the rule (judged file by file, custom.scope), named by
# its value's digest on every run.
obsolete := [o |
	some d in lib.documents
	d.status == "obsolete"
	o := {k: v | some k in ["id", "title", "file", "superseded_by"]; v := d[k]}
]

# Looked up by key, so built whole once: a partial rule would be evaluated
# again for every lookup.
obsolete_by_id := lib.by_id(obsolete)

obsolete_by_path := {d.file: d | some d in obsolete}

replacement(old) := sprintf(" (replaced by %s)", [old.superseded_by]) if is_string(old.superseded_by)

replacement(old) := "" if not is_string(object.get(old, "superseded_by", null))

# Each body starts from the obsolete documents, so a repository without any
# pays nothing per document.
deny contains f if {
	count(obsolete) > 0
	some d in lib.documents
	d.status != "obsolete"
	some i, ref in d.references
	old := obsolete_by_id[ref]
	f := object.union(lib.at(d, sprintf("references/%d", [i])), {
		"msg": sprintf("%s refers to %s, which is obsolete%s: refer to the document in force", [lib.name(d), lib.name(old), replacement(old)]),
		"subject": sprintf("%s/%s", [d.id, ref]),
	})
}

deny contains f if {
	count(obsolete) > 0
	some d in lib.documents
	d.status != "obsolete"
	some l in d.linked_files
	old := obsolete_by_path[l.path]
	not old.id in object.get(d, "references", [])
	f := {
		"msg": sprintf("%s links to %s, which is obsolete%s: link to the document in force", [lib.name(d), lib.name(old), replacement(old)]),
		"subject": sprintf("%s/%s", [d.id, old.id]),
		"file": d.file,
		"line": l.line,
	}
}
