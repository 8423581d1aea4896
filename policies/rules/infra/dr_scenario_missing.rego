# METADATA
# title: No disaster recovery scenario for losing a production building
# description: |
#   Plans that only imagine one server failing at a time leave the worst
#   case unplanned: a fire that takes a whole building, with production and
#   every backup in it. Each building that hosts production needs a
#   scenario, in an approved plan, whose lost list covers every asset in
#   that building (by naming the building, its campus, its sites or the
#   assets themselves).
# custom:
#   id: infra.dr-scenario-missing
#   severity: major
#   clauses: [ISO27001:A.5.29, ISO27001:A.5.30, ISO27001:A.7.5, ISO13485:6.3]
package qmslint.rules.infra.dr_scenario_missing

import data.qmslint.lib

production_buildings := {b |
	some pid in lib.assets_by_role.production
	b := lib.placement[pid].building
	b != ""
}

# Buildings some scenario loses entirely.
covered := {b |
	some lost in lib.scenario_losses
	some b in production_buildings
	count(lib.assets_by_building[b] - lost) == 0
}

deny contains f if {
	some b in production_buildings
	not b in covered
	site := lib.site_by_id[lib.sites_of_building[b][0]]
	inside := lib.assets_by_building[b]
	prod := sort([id | some id in inside; id in lib.assets_by_role.production])
	f := object.union(lib.at(site, "building"), {
		"msg": sprintf("no scenario of an approved disaster recovery plan loses the whole of building %s, which hosts production %s and %d asset(s) in all (%s): add a scenario with lost: [%s], its rto_hours and rpo_hours, and the steps to recover elsewhere", [b, concat(", ", prod), count(inside), concat(", ", sort(inside)), b]),
		"subject": b,
	})
}
