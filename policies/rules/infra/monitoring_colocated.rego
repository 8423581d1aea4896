# METADATA
# title: Production system watched only from its own building or campus
# description: |
#   A monitor in the building it watches goes down with it: when the
#   building loses power or burns, nobody is alerted. Buildings of one
#   campus share power feeds, uplinks and staff, so a monitor next door is
#   silenced by the same campus-wide outage. A production asset needs at
#   least one monitor outside its campus. All monitors in its own building
#   is the default severity; all on its campus, in other buildings, is an
#   observation: they survive the loss of the building, not of the campus.
# custom:
#   id: infra.monitoring-colocated
#   severity: minor
#   clauses: [ISO27001:A.8.16, ISO27001:A.7.5, ISO27001:A.5.30, ISO13485:6.3]
package qmslint.rules.infra.monitoring_colocated

import data.qmslint.lib

# The production assets with placed monitors, and those monitors.
watched := [[pid, a, placed] |
	some pid in lib.assets_by_role.production
	a := lib.asset_by_id[pid]
	lib.placement[pid]
	placed := [m | some m in object.get(a, "monitored_by", []); lib.placement[m]]
	count(placed) > 0
]

deny contains f if {
	some [pid, a, placed] in watched
	building := lib.placement[pid].building
	every m in placed {
		lib.placement[m].building == building
	}
	f := object.union(lib.at(a, "monitored_by"), {
		"msg": sprintf("production %s is monitored only from its own building %s (%s): if the building goes down, so do the alerts; add a monitor on another campus or with another provider", [pid, building, concat(", ", sort(placed))]),
		"subject": pid,
	})
}

deny contains f if {
	some [pid, a, placed] in watched
	p := lib.placement[pid]
	p.campus != ""
	every m in placed {
		lib.placement[m].campus == p.campus
	}
	some m in placed
	lib.placement[m].building != p.building
	f := object.union(lib.at(a, "monitored_by"), {
		"msg": sprintf("production %s (building %s) is monitored only from its own campus %s (%s): a campus-wide power cut or network outage silences the alerts with the system; add a monitor on another campus or with another provider", [pid, p.building, p.campus, concat(", ", sort([sprintf("%s in %s", [m, lib.placement[m].building]) | some m in placed]))]),
		"subject": pid,
		"severity": "observation",
	})
}
