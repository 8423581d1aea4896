# METADATA
# title: Waiver for findings that no longer exist
# description: |
#   A waiver whose findings have all been corrected (or renamed) no longer
#   accepts anything, yet still reads as an open concession; left in place
#   it would silently waive the finding if it ever came back. Close it so
#   the record of concessions shows only those still in force.
# custom:
#   id: waiver.orphaned
#   severity: observation
#   clauses: [ISO13485:8.5.2, ISO27001:10.2]
#   phase: trace
package qmslint.rules.waiver.orphaned

import data.qmslint.lib
import data.qmslint.rules.capa.records

# Finding ids of the first phase. Outside the trace phase there is no
# input.findings, and the rule stays silent rather than calling every
# waiver orphaned.
present := {f.id | some f in input.findings}

expired(w) if records.past(object.get(w, "expires", null))

deny contains f if {
	is_array(input.findings)
	some w in records.waivers
	not expired(w)
	names := object.get(w, "findings", [])
	count({id | some id in names; id in present}) == 0
	f := object.union(lib.at(w, "findings"), {
		"msg": sprintf("waiver %s names %s, none of which is reported any more: remove the waiver (or let it expire) so it cannot hide the finding if it comes back", [w.id, concat(", ", [sprintf("%q", [n]) | some n in names])]),
		"subject": w.id,
	})
}
