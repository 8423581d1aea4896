# METADATA
# title: CAPA closed with actions not done
# description: |
#   Closing a CAPA says its actions are complete. A closed CAPA with an action
#   that has no done date claims a fix that was never recorded as carried
#   out; an auditor will take the closure as unsupported.
# custom:
#   id: capa.closed-with-open-actions
#   severity: major
#   clauses: [ISO13485:8.5.2, ISO13485:8.5.3, ISO27001:10.2]
package qmslint.rules.capa.closed_with_open_actions

import data.qmslint.lib
import data.qmslint.rules.capa.records

deny contains f if {
	some c in records.closed_capas
	some a in object.get(c, "actions", [])
	not records.done(a)
	f := object.union(lib.where(a), {
		"msg": sprintf("%s is closed but its action %s (%s) has no done date: record when it was done, or reopen the CAPA", [records.name(c), object.get(a, "id", "?"), object.get(a, "type", "action")]),
		"subject": sprintf("%s/%s", [c.id, object.get(a, "id", "?")]),
	})
}
