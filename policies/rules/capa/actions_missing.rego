# METADATA
# title: CAPA without a corrective action
# description: |
#   Correcting a nonconformity fixes this instance; only a corrective action
#   removes its cause. A CAPA with no action of type corrective handles the
#   symptom and leaves the process that produced it unchanged.
# custom:
#   id: capa.actions-missing
#   severity: major
#   clauses: [ISO13485:8.5.2, ISO27001:10.2]
package qmslint.rules.capa.actions_missing

import data.qmslint.lib
import data.qmslint.rules.capa.records

deny contains f if {
	some c in records.capas
	c.status in {"open", "closed"}
	types := {a.type | some a in object.get(c, "actions", []); is_string(a.type)}
	not "corrective" in types
	f := object.union(lib.where(c), {
		"msg": sprintf("%s has no action of type corrective (it has %s): add one that removes the root cause, with an owner and a due date", [records.name(c), have(types)]),
		"subject": c.id,
	})
}

have(types) := "no actions" if count(types) == 0

have(types) := concat(", ", sort(types)) if count(types) > 0
