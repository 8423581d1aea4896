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

restores(date, bids) := fx.log("restore-test", [fx.entry(date, bids, "pass")])

severity_of(fs, subject) := [f.severity | some f in fs; f.subject == subject][0]

# bk-2 and bk-3, in other buildings, passed a restore test last week: the
# co-located bk-1 adds nothing the auditor counts on.
test_two_tested_copies_elsewhere_make_it_minor if {
	fs := building.deny with input as fx.landscape([restores("2026-11-20", ["bk-1", "bk-2", "bk-3"])], [])
	severity_of(fs, "bk-1/p-1") == "minor"
	some f in fs
	contains(f.msg, "p-1 still has 2 restore-tested copies in other buildings (bk-2, bk-3)")
}

test_untested_copies_elsewhere_keep_it_major if {
	fs := building.deny with input as fx.landscape([restores("2026-11-20", ["bk-1", "bk-2"])], [])
	severity_of(fs, "bk-1/p-1") == "major"
	some f in fs
	contains(f.msg, "only 1 other copy(ies) of p-1 in other buildings passed a restore test within 7 days (bk-2), and 2 are required")
}

test_stale_or_failed_restore_tests_do_not_count if {
	stale := fx.landscape([restores("2026-11-01", ["bk-2", "bk-3"])], [])
	severity_of(building.deny, "bk-1/p-1") == "major" with input as stale
	failed := fx.landscape([fx.log("restore-test", [fx.entry("2026-11-20", ["bk-2", "bk-3"], "pass"), fx.entry("2026-11-21", ["bk-3"], "fail")])], [])
	severity_of(building.deny, "bk-1/p-1") == "major" with input as failed
}

test_the_required_count_comes_from_the_procedure if {
	w := fx.landscape([restores("2026-11-20", ["bk-2"])], [fx.doc("SOP-010", {"backup_min_copies": 1})])
	severity_of(building.deny, "bk-1/p-1") == "minor" with input as w
}

# The plan restores p-1 from bk-1: with tested copies elsewhere the plan
# still counts on the copy the fire takes.
test_a_plan_relying_on_the_copy_makes_it_major if {
	tested := restores("2026-11-20", ["bk-1", "bk-2", "bk-3"])
	named := fx.plan([object.union(fx.scenario("dr-1", ["p-1"], 4), {"restore_from": ["bk-1"]})])
	fs := building.deny with input as fx.landscape([tested], [named])
	severity_of(fs, "bk-1/p-1") == "major"
	some f in fs
	contains(f.msg, "the disaster recovery plan restores p-1 from it (PLN-1/dr-1)")

	# Naming no backup, the plan restores from the fastest survivor: bk-1.
	fastest := fx.plan([fx.scenario("dr-1", ["p-1"], 4)])
	severity_of(building.deny, "bk-1/p-1") == "major" with input as fx.landscape([tested], [fastest])

	# A plan that restores from bk-2 does not rely on bk-1.
	other := fx.plan([object.union(fx.scenario("dr-1", ["p-1"], 4), {"restore_from": ["bk-2"]})])
	severity_of(building.deny, "bk-1/p-1") == "minor" with input as fx.landscape([tested], [other])

	# A scenario that loses bk-1 too cannot restore from it.
	both := fx.plan([fx.scenario("dr-b1", ["s-b1"], 4)])
	severity_of(building.deny, "bk-1/p-1") == "minor" with input as fx.landscape([tested], [both])
}
