package qmslint.rules.infra.dr_test

import data.qmslint.rules.infra.dr_exercise_stale as exercise
import data.qmslint.rules.infra.dr_scenario_missing as missing
import data.qmslint.rules.infra.fixtures_test as fx
import data.qmslint.rules.infra.reference_unknown as reference
import data.qmslint.rules.infra.rto_infeasible as rto

# The plan of the day before the fire: one server at a time.
single_failures := fx.plan([fx.scenario("scn-p1", ["p-1"], 4), fx.scenario("scn-bk1", ["bk-1"], 24)])

test_single_server_scenarios_do_not_cover_the_building if {
	fs := missing.deny with input as fx.landscape([], [single_failures])
	{f.subject | some f in fs} == {"b1"}
	some f in fs
	f.pointer == "/sites/s-b1/building"
	contains(f.msg, "hosts production p-1 and 2 asset(s) in all (bk-1, p-1)")
}

test_building_scenario_covers if {
	count(missing.deny) == 0 with input as fx.landscape([], [fx.plan([fx.scenario("scn-b1", ["b1"], 4)])])
}

test_campus_site_or_assets_cover if {
	count(missing.deny) == 0 with input as fx.landscape([], [fx.plan([fx.scenario("s", ["campus-a"], 4)])])
	count(missing.deny) == 0 with input as fx.landscape([], [fx.plan([fx.scenario("s", ["s-b1"], 4)])])
	count(missing.deny) == 0 with input as fx.landscape([], [fx.plan([fx.scenario("s", ["p-1", "bk-1"], 4)])])
}

test_draft_plans_do_not_count if {
	draft := object.union(fx.plan([fx.scenario("scn-b1", ["b1"], 4)]), {"status": "draft"})
	count(missing.deny) == 1 with input as fx.landscape([], [draft])
}

# The incident's numbers: 25 GB over one stream at 37 Mbit/s is
# 25 × 8,000 / 37 = 5,405 s, about 1.5 h.
test_rto_of_one_hour_fails if {
	fs := rto.deny with input as fx.landscape([], [fx.plan([fx.scenario("scn-b1", ["b1"], 1)])])
	{f.subject | some f in fs} == {"PLN-1/scn-b1"}
	some f in fs
	f.pointer == "/scenarios/scn-b1/rto_hours"
	contains(f.msg, "restoring p-1 (25 GB) from its fastest surviving backup bk-2 at 37 Mbit/s takes 1.5 h")
}

test_rto_of_four_hours_holds if {
	count(rto.deny) == 0 with input as fx.landscape([], [fx.plan([fx.scenario("scn-b1", ["b1"], 4)])])
}

test_rto_of_one_and_a_half_hours_is_just_short if {
	# 1.5015 h > 1.5 h: the rounding in the message must not hide it
	count(rto.deny) == 1 with input as fx.landscape([], [fx.plan([fx.scenario("scn-b1", ["b1"], 1.5)])])
}

test_fast_local_backup_counts_while_it_survives if {
	count(rto.deny) == 0 with input as fx.landscape([], [fx.plan([fx.scenario("scn-p1", ["p-1"], 0.1)])])
}

test_no_surviving_backup if {
	fs := rto.deny with input as fx.landscape([], [fx.plan([fx.scenario("all", ["campus-a", "prov-b-missing", "s-c", "s-d"], 24)])])
	some f in fs
	contains(f.msg, "no backup of p-1 survives it")
}

test_unmeasured_survivor if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {"data_gb": 25}),
		fx.asset("bk-2", "backup", "s-c", {"backs_up": ["p-1"]}),
	])
	fs := rto.deny with input as fx.world([inv], [fx.plan([fx.scenario("scn-b1", ["b1"], 4)])])
	some f in fs
	contains(f.msg, "no surviving backup of p-1 (bk-2) has a measured restore_mbps")
}

test_exercise_within_twelve_months if {
	w := fx.landscape([fx.log("dr-exercise", [fx.entry("2025-11-24", ["scn-p1"], "pass")])], [single_failures])
	count(exercise.deny) == 0 with input as w
}

test_exercise_too_old if {
	w := fx.landscape([fx.log("dr-exercise", [fx.entry("2025-11-23", ["PLN-1"], "pass")])], [single_failures])
	fs := exercise.deny with input as w
	{f.subject | some f in fs} == {"PLN-1"}
	some f in fs
	contains(f.msg, "the last one was on 2025-11-23")
}

test_never_exercised if {
	fs := exercise.deny with input as fx.landscape([], [single_failures])
	some f in fs
	contains(f.msg, "no dr-exercise log records one")
}

test_unknown_references if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-x", {"monitored_by": ["mon-9"]}),
		fx.asset("bk-1", "backup", "s-b1", {"backs_up": ["p-1", "p-7"]}),
	])
	scn := object.union(fx.scenario("scn", ["b1", "b9"], 4), {"restore_from": ["bk-1", "p-1", "bk-9"]})
	w := fx.world([inv], [fx.plan([scn])])
	fs := reference.deny with input as w
	{f.subject | some f in fs} == {"p-1/s-x", "p-1/monitored_by/mon-9", "bk-1/backs_up/p-7", "PLN-1/scn/b9", "PLN-1/scn/restore_from/p-1", "PLN-1/scn/restore_from/bk-9"}
	some f in fs
	f.subject == "bk-1/backs_up/p-7"
	f.pointer == "/assets/bk-1/backs_up/1"
}

test_known_references if {
	scn := object.union(fx.scenario("scn", ["b1", "campus-b", "s-d", "mon-1"], 4), {"restore_from": ["bk-2"]})
	count(reference.deny) == 0 with input as fx.landscape([], [fx.plan([scn])])
}
