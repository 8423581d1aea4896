package qmslint.rules.infra.monitoring_test

import data.qmslint.rules.infra.fixtures_test as fx
import data.qmslint.rules.infra.monitoring_colocated as colocated
import data.qmslint.rules.infra.monitoring_missing as missing
import data.qmslint.rules.infra.monitoring_unverified as unverified

checks(entries) := fx.log("monitoring-check", entries)

test_monitored_production_is_fine if {
	count(missing.deny) == 0 with input as fx.landscape([], [])
}

test_unmonitored_production if {
	inv := fx.inventory(fx.sites, [fx.asset("p-1", "production", "s-b1", {}), fx.asset("p-2", "production", "s-b1", {"monitored_by": []})])
	{f.subject | some f in missing.deny with input as fx.world([inv], [])} == {"p-1", "p-2"}
}

test_monitor_in_another_building_is_not_colocated if {
	count(colocated.deny) == 0 with input as fx.landscape([], [])
}

test_monitor_in_the_same_building if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {"monitored_by": ["mon-1"]}),
		fx.asset("mon-1", "monitoring", "s-b1", {}),
	])
	fs := colocated.deny with input as fx.world([inv], [])
	{f.subject | some f in fs} == {"p-1"}
}

test_a_second_monitor_elsewhere_is_enough if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {"monitored_by": ["mon-1", "mon-2"]}),
		fx.asset("mon-1", "monitoring", "s-b1", {}),
		fx.asset("mon-2", "monitoring", "s-c", {}),
	])
	count(colocated.deny) == 0 with input as fx.world([inv], [])
}

test_weekly_checks_verify if {
	w := fx.landscape([checks([fx.entry("2026-11-20", ["mon-1"], "pass")])], [])
	count(unverified.deny) == 0 with input as w
}

test_last_pass_too_old if {
	w := fx.landscape([checks([fx.entry("2026-11-13", ["mon-1"], "pass")])], [fx.doc("SOP-011", {"monitoring_check_max_age_days": 7})])
	fs := unverified.deny with input as w
	{f.subject | some f in fs} == {"mon-1"}
	some f in fs
	contains(f.msg, "no passing monitoring check within 7 days, as SOP-011 requires (the last passing one was on 2026-11-13, 11 days ago)")
}

test_latest_check_failed if {
	w := fx.landscape([checks([fx.entry("2026-11-20", ["mon-1"], "pass"), fx.entry("2026-11-22", ["mon-1"], "fail")])], [])
	fs := unverified.deny with input as w
	some f in fs
	contains(f.msg, "its latest check, on 2026-11-22, failed")
}

# A check that failed and was fixed and re-run the same day is verified,
# whichever order the two entries are in.
test_failed_then_passed_the_same_day if {
	w := fx.landscape([checks([fx.entry("2026-11-22", ["mon-1"], "fail"), fx.entry("2026-11-22", ["mon-1"], "pass")])], [])
	count({f | some f in unverified.deny with input as w; f.subject == "mon-1"}) == 0
}

test_never_checked if {
	fs := unverified.deny with input as fx.landscape([], [])
	some f in fs
	f.subject == "mon-1"
	contains(f.msg, "no monitoring-check log records a passing check")
}
