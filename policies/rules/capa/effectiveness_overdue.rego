# METADATA
# title: CAPA effectiveness check overdue
# description: |
#   The check that a CAPA's actions worked is planned for a date; past it,
#   nobody knows whether the nonconformity is under control, and the CAPA
#   ages without evidence either way.
# custom:
#   id: capa.effectiveness-overdue
#   severity: minor
#   clauses: [ISO13485:8.5.2, ISO27001:10.2]
package qmslint.rules.capa.effectiveness_overdue

import data.qmslint.lib
import data.qmslint.rules.capa.records

deny contains f if {
	some c in records.open_capas
	records.effectiveness_late(c)
	due := c.effectiveness.due
	f := object.union(lib.at(c, "effectiveness/due"), {
		"msg": sprintf("the effectiveness check of %s was due on %s, %d days ago, and has no result: carry it out and record effectiveness.result and effectiveness.date, or agree a new due date", [records.name(c), due, lib.days_ago(due)]),
		"subject": c.id,
	})
}
