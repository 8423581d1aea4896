package qmslint.rules.infra.backup_shares_test

import data.qmslint.rules.infra.backup_shares_building as building
import data.qmslint.rules.infra.backup_shares_campus as campus
import data.qmslint.rules.infra.fixtures_test as fx

test_backup_in_production_building if {
	fs := building.deny with input as fx.landscape([], [])
	{f.subject | some f in fs} == {"bk-1/p-1"}
	some f in fs
	f.pointer == "/assets/bk-1/site"
	contains(f.msg, "building b1")
}

test_backup_elsewhere_is_fine if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {}),
		fx.asset("bk-2", "backup", "s-c", {"backs_up": ["p-1"]}),
	])
	count(building.deny) == 0 with input as fx.world([inv], [])
	count(campus.deny) == 0 with input as fx.world([inv], [])
}

test_backup_of_staging_in_same_building_is_not_flagged if {
	inv := fx.inventory(fx.sites, [
		fx.asset("st-1", "staging", "s-b1", {}),
		fx.asset("bk-1", "backup", "s-b1", {"backs_up": ["st-1"]}),
	])
	count(building.deny) == 0 with input as fx.world([inv], [])
}

test_same_campus_other_building if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {}),
		fx.asset("bk-1", "backup", "s-b2", {"backs_up": ["p-1"]}),
	])
	fs := campus.deny with input as fx.world([inv], [])
	{f.subject | some f in fs} == {"bk-1/p-1"}
	count(building.deny) == 0 with input as fx.world([inv], [])
}

test_same_building_is_not_also_a_campus_finding if {
	count(campus.deny) == 0 with input as fx.landscape([], [])
}
