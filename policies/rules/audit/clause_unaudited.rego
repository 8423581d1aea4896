# METADATA
# title: Clause not audited within the audit cycle
# description: |
#   The internal audit programme must cover the whole management system:
#   every clause of each standard the organisation is certified to, once
#   per cycle. A clause that no audit of the current cycle has in its
#   scope (directly, through a clause above or below it, or through a
#   document in scope that addresses it) goes unexamined. Judged on the
#   clauses one level below the main chapters (7.5, 9.2) and the Annex A
#   themes, leaving out clauses the organisation validly excludes.
# custom:
#   id: audit.clause-unaudited
#   severity: minor
#   clauses: [ISO13485:8.2.4, ISO27001:9.2.2]
package qmslint.rules.audit.clause_unaudited

import data.qmslint.lib
import data.qmslint.lib.coverage as cov

# The clauses each audit cycle must reach: one level below the chapters of
# the main body, and the Annex A themes as wholes.
required := {id |
	some id, c in cov.clauses
	planned_level(c)
	not fully_excluded(id)
}

planned_level(c) if {
	not startswith(c.number, "A.")
	c.parent_id != null
	cov.clauses[c.parent_id].parent_id == null
}

planned_level(c) if {
	startswith(c.number, "A.")
	c.parent_id == null
}

fully_excluded(id) if {
	leaves := cov.under(id)
	count(leaves) > 0
	out := {l | some l in leaves; cov.excluded[l]} | {l | some l in leaves; cov.not_applicable[l]}
	count(leaves - out) == 0
}

# The clauses an audit reaches: its scope's clauses and those of the
# documents in its scope.
reached(a) := {c | some c in object.get(a, ["scope", "clauses"], []); is_string(c)} | {c |
	some id in object.get(a, ["scope", "documents"], [])
	d := lib.document_by_id[id]
	some c in object.get(d, "clauses", [])
	is_string(c)
}

covers(s, r) if s == r

covers(s, r) if startswith(s, concat("", [r, "."]))

covers(s, r) if startswith(r, concat("", [s, "."]))

deny contains f if {
	some prog in lib.audit_programmes
	cycle := lib.current_cycle(prog)
	in_cycle := [a | some a in lib.live_audits(prog); cycle[0] <= a.date; a.date < cycle[1]]
	scope := union({reached(a) | some a in in_cycle})
	some r in required
	not any_covers(scope, r)
	f := object.union(lib.at(prog, "audits"), {
		"msg": sprintf("%s (%s) is in the scope of no audit of %s's current cycle (%s to %s): plan an audit that covers it", [r, cov.clauses[r].title, prog.id, cycle[0], lib.add_days(cycle[1], -1)]),
		"subject": sprintf("%s/%s", [prog.id, r]),
	})
}

any_covers(scope, r) if {
	some s in scope
	covers(s, r)
}
