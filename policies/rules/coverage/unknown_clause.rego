# METADATA
# title: Clause not in the standard's catalog
# description: |
#   A citation of a clause that does not exist in the edition the
#   organisation is certified to (a typo, or a number from ISO/IEC
#   27001:2013 such as A.12.3.1) covers nothing, so the clause it was meant
#   for looks covered to the author and is not. Where the old number maps
#   to exactly one control of the 2022 edition, the message names it.
# custom:
#   id: coverage.unknown-clause
#   severity: minor
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.2]
package qmslint.rules.coverage.unknown_clause

import data.qmslint.lib
import data.qmslint.lib.coverage as cov

items := array.concat(input.documents, input.registers)

# The cited ids no catalog knows, found with one set difference; only
# their citations are then looked for, so a repository that cites only
# real clauses pays one pass over its citations. Whatever else clauses
# holds (a number, a map instead of a list) may land here too: the set
# only gates deny, which checks for a list of strings itself.
unknown := {id | some it in items; some id in it.clauses} - object.keys(cov.clauses)

deny contains f if {
	count(unknown) > 0
	some it in items
	is_array(it.clauses)
	some i, id in it.clauses
	id in unknown
	[std, n] := cov.split_id(id)
	cov.enabled(std)
	f := object.union(lib.at(it, sprintf("clauses/%d", [i])), {
		"subject": sprintf("%s/%s", [item_id(it), id]),
		"msg": sprintf("%s cites %s, which is not a clause of %s%s", [item_id(it), id, cov.catalogs[std].name, suggestion(std, n)]),
	})
}

deny contains f if {
	some r in cov.soas
	is_array(r.controls)
	some i, e in r.controls
	[std, n] := cov.split_id(e.control)
	cov.enabled(std)
	not cov.known(e.control)
	f := object.union(lib.at(r, sprintf("controls/%d/control", [i])), {
		"subject": sprintf("%s/%s", [item_id(r), e.control]),
		"msg": sprintf("the Statement of Applicability lists %s, which is not a control of %s%s", [e.control, cov.catalogs[std].name, suggestion(std, n)]),
	})
}

item_id(it) := it.id if is_string(it.id)

else := it.file

# suggestion names the 2022 control an ISO/IEC 27001:2013 Annex A number
# became, else the nearest clause above the number that exists.
suggestion(std, n) := sprintf(": it is the %s numbering, and the %s control that replaces it is %s:%s (%s); cite that instead", [prev.edition, cat.edition, std, m[0].control, cat.clauses[m[0].control].title]) if {
	cat := cov.catalogs[std]
	prev := cat.previous_edition
	m := prev.annex_a[n]
	count(m) == 1
} else := sprintf(": it is the %s numbering, now spread over %s; cite the ones the document addresses", [prev.edition, concat(", ", [sprintf("%s:%s", [std, x.control]) | some x in m])]) if {
	prev := cov.catalogs[std].previous_edition
	m := prev.annex_a[n]
	count(m) > 1
} else := sprintf("; the nearest clause above it is %s (%s)", [cov.clause_id(std, near), cov.catalogs[std].clauses[near].title]) if {
	parts := split(n, ".")
	cands := [c |
		some k in numbers.range(count(parts) - 1, 1)
		c := concat(".", array.slice(parts, 0, k))
		cov.catalogs[std].clauses[c]
	]
	near := cands[0]
} else := sprintf("; see qmslint coverage for the clauses of %s", [cov.catalogs[std].name])
