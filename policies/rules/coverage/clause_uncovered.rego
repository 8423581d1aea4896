# METADATA
# title: Clause not addressed by any document in force
# description: |
#   Every requirement of a certified standard must be addressed by the
#   management system, and a clause that no approved, effective document
#   cites is the first gap an auditor looks for. Excluded clauses, and
#   clauses whose condition the quality manual or the Statement of
#   Applicability declares not applicable with a justification, are not
#   gaps. Citing a clause covers its sub-clauses only when
#   parent_covers_children is true.
# custom:
#   id: coverage.clause-uncovered
#   severity: minor
#   clauses: [ISO13485:4.1.1, ISO13485:4.2.2, ISO27001:4.4]
#   params:
#     parent_covers_children: false
package qmslint.rules.coverage.clause_uncovered

import data.qmslint.lib.coverage as cov

deny contains f if {
	some id in cov.leaves
	cov.leaf_status(id) == "uncovered"
	c := cov.clauses[id]
	f := {
		"subject": id,
		"msg": sprintf("%s (%s) is not addressed by any approved, effective document%s; cite it in the clauses of the document that addresses it%s", [id, c.title, concat("", [sprintf("; %s", [h]) | some h in hints(id)]), remedy(c)]),
	}
}

hints(id) := array.concat(array.concat(not_in_force(id), parent_cited(id)), body_claim(id))

not_in_force(id) := [sprintf("%s cites it but is %s", [r.id, state(r)]) |
	some r in object.get(cov._cited, id, [])
	not r.in_force
]

state(r) := "approved with an effective date still to come" if r.status == "approved"

else := r.status

parent_cited(id) := [sprintf("%s cites %s above it, which does not cover sub-clauses unless parent_covers_children is set", [r.id, a]) |
	not cov.parent_covers
	some a in cov.ancestors[id]
	some r in object.get(cov._cited, a, [])
	r.in_force
]

# The first body claim only: enough to show where the text already is.
body_claim(id) := [sprintf("%s:%d claims it in its text, but body claims do not count until the document cites the clause in its front matter", [file, c.line])] if {
	ps := [p | some p in object.get(cov._claimed, id, []); not p[3].not_applicable]
	count(ps) > 0
	[_, file, _, c] := ps[0]
}

else := []

remedy(c) := sprintf(", or declare condition %s not applicable, with a justification, in the quality manual's applicability", [c.condition]) if {
	c.condition
} else := ", or mark the control not applicable, with a justification, in the Statement of Applicability" if {
	startswith(c.number, "A.")
} else := ", or exclude it, with a justification, in the quality manual's exclusions" if {
	c.group in cov.catalogs[c.standard].exclusion_groups
} else := ""
