# METADATA
# title: Clause not addressed by any document in force
# description: |
#   Every requirement of a certified standard must be addressed by the
#   management system, and a clause that no approved, effective document
#   cites is the first gap an auditor looks for. A document cites a clause
#   in its front matter `clauses`, or in a table or a list of references
#   of its body (unless front_matter_only is true); prose mentions do not
#   count. Excluded clauses, and clauses whose condition the quality
#   manual or the Statement of Applicability declares not applicable with
#   a justification, are not gaps. Citing a clause covers its sub-clauses
#   only when parent_covers_children is true. Until some document is
#   approved and effective, coverage.not-under-control reports that
#   instead of every clause.
# custom:
#   id: coverage.clause-uncovered
#   severity: minor
#   clauses: [ISO13485:4.1.1, ISO13485:4.2.2, ISO27001:4.4]
#   params:
#     parent_covers_children: false
#     front_matter_only: false
package qmslint.rules.coverage.clause_uncovered

import data.qmslint.lib.coverage as cov

deny contains f if {
	cov.under_control
	some id in cov.leaves
	cov.leaf_status(id) == "uncovered"
	not id in cov.unreadable
	c := cov.clauses[id]
	f := {
		"subject": id,
		"msg": sprintf("%s (%s) is not addressed by any approved, effective document%s; cite it in the clauses of the document that addresses it%s", [id, c.title, concat("", [sprintf("; %s", [h]) | some h in hints(id)]), remedy(c)]),
	}
}

hints(id) := array.concat(array.concat(not_in_force(id), parent_cited(id)), body_claim(id))

# The references are looked up only for a clause an item not in force
# cites, or (below) an ancestor one in force cites: most uncovered clauses
# are cited by nothing, and a lookup builds the index of all citations.
not_in_force(id) := [sprintf("%s cites it but is %s", [r.id, state(r)]) |
	id in cov._not_in_force_cited
	some r in cov._cited_refs(id)
	not r.in_force
]

state(r) := "approved with an effective date still to come" if r.status == "approved"

else := r.status

parent_cited(id) := [sprintf("%s cites %s above it, which does not cover sub-clauses unless parent_covers_children is set", [r.id, a]) |
	not cov.parent_covers
	some a in cov.ancestors[id]
	a in cov._in_force_cited
	some r in cov._cited_refs(a)
	r.in_force
]

# The first body claim only: enough to show where the text already is,
# and why it does not count.
body_claim(id) := [sprintf("%s:%d claims it in its text, but %s", [file, c.line, why_not(file, controlled)])] if {
	ps := [p | some p in object.get(cov._claimed, id, []); not p[3].not_applicable]
	count(ps) > 0
	[_, file, controlled, c] := ps[0]
}

else := []

why_not(file, controlled) := "front_matter_only is set: cite the clause in the document's front matter" if {
	cov.front_matter_only
} else := "the file has no qmslint front matter (qmslint import writes it)" if {
	not controlled
} else := "the document is not approved and effective" if {
	not cov._in_force_by_file[file]
} else := "in prose, which does not count: cite it in the document's front matter or its clause table"

remedy(c) := sprintf(", or declare condition %s not applicable, with a justification, in the quality manual's applicability", [c.condition]) if {
	c.condition
} else := ", or mark the control not applicable, with a justification, in the Statement of Applicability" if {
	startswith(c.number, "A.")
} else := ", or exclude it, with a justification, in the quality manual's exclusions" if {
	c.group in cov.catalogs[c.standard].exclusion_groups
} else := ""
