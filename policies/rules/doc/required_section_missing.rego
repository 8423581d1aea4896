# METADATA
# title: Required section missing
# description: |
#   Documents of the same kind share a structure so that readers and
#   auditors find purpose, scope and responsibilities in the same place in
#   each. The sections each kind needs are the rule's sections parameter; a
#   heading matches when it contains the section name, ignoring case and
#   numbering ("2. Roles and responsibilities" matches Responsibilities).
# custom:
#   id: doc.required-section-missing
#   severity: minor
#   fix: add-section
#   clauses: [ISO13485:4.2.1, ISO13485:4.2.4, ISO27001:7.5.2]
#   scope: document
#   params:
#     sections:
#       procedure: [Purpose, Scope, Responsibilities]
#       work-instruction: [Purpose]
package qmslint.rules.doc.required_section_missing

import data.qmslint.lib

default_sections := {
	"procedure": ["Purpose", "Scope", "Responsibilities"],
	"work-instruction": ["Purpose"],
}

sections := lib.param("doc.required-section-missing", "sections", default_sections)

# required[kind]: the sections a controlled kind needs, each with its name
# in lower case, lowered once per evaluation rather than per document.
required[kind] := [[section, lower(section)] | some section in names] if {
	some kind, names in sections
	kind in lib.controlled_kinds
}

# Numbering needs no stripping: a heading matches when it contains the
# name. The headings are joined once per document, not scanned once per
# required section. Only the documents of the kinds that need sections are
# visited (lib.documents_of_kind), not every document for its kind.
deny contains f if {
	some kind, names in required
	some d in lib.documents_of_kind[kind]
	d.format == "markdown"
	outline := lower(concat("\n", [h.text | some h in d.headings]))
	some [section, name] in names
	not contains(outline, name)
	f := {
		"msg": sprintf("%s is a %s and has no %q section: add a heading \"%s\"", [lib.name(d), d.kind, section, section]),
		"subject": sprintf("%s/%s", [d.id, section]),
		"file": d.file,
		"line": 0,
	}
}
