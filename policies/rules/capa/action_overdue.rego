# METADATA
# title: CAPA action overdue
# description: |
#   Actions decided in a CAPA must be carried out in the time planned, or the
#   plan must be changed on record. An action past its due date without a
#   done date leaves the nonconformity and its cause in place.
# custom:
#   id: capa.action-overdue
#   severity: minor
#   clauses: [ISO13485:8.5.2, ISO13485:8.5.3, ISO27001:10.2]
package qmslint.rules.capa.action_overdue

import data.qmslint.lib
import data.qmslint.rules.capa.records

deny contains f if {
	some c in records.open_capas
	some a in records.late_actions(c)
	f := object.union(lib.at(a, "due"), {
		"msg": sprintf("action %s of %s (%s) was due on %s, %d days ago, and has no done date: do it and record the date in done, or agree a new due date and record why in the CAPA", [a.id, c.id, object.get(a, "type", "action"), a.due, lib.days_ago(a.due)]),
		"subject": sprintf("%s/%s", [c.id, a.id]),
	})
}
