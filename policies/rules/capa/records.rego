# METADATA
# title: CAPA and waiver records
# description: |
#   Helpers shared by the capa, waiver and trace rules: the CAPA records and
#   waivers of the repository, the risk ids they may name, and when an
#   action or an effectiveness check counts as done or late.
package qmslint.rules.capa.records

import data.qmslint.lib

# Every CAPA record, cancelled ones included (a cancelled CAPA still
# must not name something that does not exist).
capas contains c if {
	some c in lib.documents_of_kind.capa
	is_string(c.id)
}

capa_by_id := lib.by_id(lib.documents_of_kind.capa)

# CAPAs that are being worked on.
open_capas contains c if {
	some c in capas
	c.status == "open"
}

closed_capas contains c if {
	some c in capas
	c.status == "closed"
}

waivers contains w if {
	some w in lib.documents_of_kind.waiver
	is_string(w.id)
}

# Ids of the items of every risk register.
risk_ids contains r.id if {
	some reg in input.registers
	reg.kind == "risk-register"
	some r in reg.risks
	is_string(r.id)
}

risk_by_id := lib.by_id([r |
	some reg in input.registers
	reg.kind == "risk-register"
	some r in reg.risks
])

# An action is done when it records the day it was done.
done(a) if is_string(object.get(a, "done", null))

# The effectiveness check has a result once it says effective or not.
judged(c) if object.get(c, ["effectiveness", "result"], "pending") in {"effective", "not-effective"}

# A date field is past when it lies before the evaluation date (a due
# date of today is not yet missed).
past(s) if {
	is_string(s)
	lib.date_ns(s) < lib.today
}

# The actions of c that are late: due before today and not done.
late_actions(c) := [a |
	some a in object.get(c, "actions", [])
	not done(a)
	past(object.get(a, "due", null))
]

effectiveness_late(c) if {
	not judged(c)
	past(object.get(c, ["effectiveness", "due"], null))
}

# Message fragment naming a record: "CAPA-2026-001 (Backups never restored)".
name(c) := lib.name(c)
