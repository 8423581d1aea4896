# METADATA
# title: Production system watched only from its own building
# description: |
#   A monitor in the building it watches goes down with it: when the
#   building loses power or burns, nobody is alerted. A production asset
#   needs at least one monitor outside its building.
# custom:
#   id: infra.monitoring-colocated
#   severity: minor
#   clauses: [ISO27001:A.8.16, ISO27001:A.7.5, ISO13485:6.3]
package qmslint.rules.infra.monitoring_colocated

import data.qmslint.lib

deny contains f if {
	some pid in lib.assets_by_role.production
	a := lib.asset_by_id[pid]
	building := lib.placement[pid].building
	placed := [m | some m in object.get(a, "monitored_by", []); lib.placement[m]]
	count(placed) > 0
	every m in placed {
		lib.placement[m].building == building
	}
	f := object.union(lib.at(a, "monitored_by"), {
		"msg": sprintf("production %s is monitored only from its own building %s (%s): if the building goes down, so do the alerts; add a monitor in another building or with another provider", [pid, building, concat(", ", sort(placed))]),
		"subject": pid,
	})
}
