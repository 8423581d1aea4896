# METADATA
# title: CAPA closed without a verified effect
# description: |
#   A CAPA is only finished when someone has checked that its actions worked.
#   Closing it without an effectiveness result, or with a result of
#   not-effective and no follow-up CAPA, closes the record while the problem
#   stays open.
# custom:
#   id: capa.effectiveness-missing
#   severity: major
#   clauses: [ISO13485:8.5.2, ISO27001:10.2]
package qmslint.rules.capa.effectiveness_missing

import data.qmslint.lib
import data.qmslint.rules.capa.records

deny contains f if {
	some c in records.closed_capas
	not records.judged(c)
	f := object.union(lib.at(c, field(c)), {
		"msg": sprintf("%s is closed but its effectiveness result is %q: check whether the actions worked, record effectiveness.result (effective or not-effective) and effectiveness.date, or reopen the CAPA", [records.name(c), object.get(c, ["effectiveness", "result"], "missing")]),
		"subject": c.id,
	})
}

deny contains f if {
	some c in records.closed_capas
	c.effectiveness.result == "not-effective"
	not records.capa_by_id[object.get(c, ["effectiveness", "follow_up"], "")]
	f := object.union(lib.at(c, "effectiveness/result"), {
		"msg": sprintf("%s was closed as not-effective with %s: open a follow-up CAPA for the findings that remain and name it in effectiveness.follow_up", [records.name(c), follow_up(c)]),
		"subject": c.id,
	})
}

field(c) := "effectiveness/result" if is_string(object.get(c, ["effectiveness", "result"], null))

field(c) := "effectiveness" if {
	not is_string(object.get(c, ["effectiveness", "result"], null))
	is_object(object.get(c, "effectiveness", null))
}

field(c) := "status" if not is_object(object.get(c, "effectiveness", null))

follow_up(c) := sprintf("follow_up %q, which is not a CAPA in the repository", [c.effectiveness.follow_up]) if is_string(object.get(c, ["effectiveness", "follow_up"], null))

follow_up(c) := "no follow_up" if not is_string(object.get(c, ["effectiveness", "follow_up"], null))
