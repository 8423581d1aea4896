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

# mon-1 is in b2, p-1 in b1, both on campus-a: the fire's campus-wide
# power cut silenced it.
test_monitor_in_another_building_of_the_campus if {
	fs := colocated.deny with input as fx.landscape([], [])
	{f.subject | some f in fs} == {"p-1"}
	some f in fs
	f.severity == "observation"
	contains(f.msg, "monitored only from its own campus campus-a (mon-1 in b2)")
}

test_monitor_on_another_campus_is_not_colocated if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {"monitored_by": ["mon-1", "mon-2"]}),
		fx.asset("mon-1", "monitoring", "s-b2", {}),
		fx.asset("mon-2", "monitoring", "s-c", {}),
	])
	count(colocated.deny) == 0 with input as fx.world([inv], [])
}

# Sites without a campus are compared by building only.
test_no_campus_no_campus_finding if {
	inv := fx.inventory([fx.site("s-x", "prov-a", "", "x1"), fx.site("s-y", "prov-a", "", "y1")], [
		fx.asset("p-1", "production", "s-x", {"monitored_by": ["mon-1"]}),
		fx.asset("mon-1", "monitoring", "s-y", {}),
	])
	count(colocated.deny) == 0 with input as fx.world([inv], [])
}

test_monitor_in_the_same_building if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {"monitored_by": ["mon-1"]}),
		fx.asset("mon-1", "monitoring", "s-b1", {}),
	])
	fs := colocated.deny with input as fx.world([inv], [])
	{f.subject | some f in fs} == {"p-1"}
	some f in fs
	not f.severity
	contains(f.msg, "monitored only from its own building b1 (mon-1)")
}

# One monitor in the building and one next door: the campus finding, not
# both.
test_building_and_campus_monitors_give_one_finding if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {"monitored_by": ["mon-1", "mon-2"]}),
		fx.asset("mon-1", "monitoring", "s-b1", {}),
		fx.asset("mon-2", "monitoring", "s-b2", {}),
	])
	fs := colocated.deny with input as fx.world([inv], [])
	count(fs) == 1
	some f in fs
	f.severity == "observation"
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

# mon-2 shares the watch of p-1 with mon-1, so it is not alone.
shared_watch := fx.inventory(fx.sites, [
	fx.asset("p-1", "production", "s-b1", {"monitored_by": ["mon-1", "mon-2"]}),
	fx.asset("mon-1", "monitoring", "s-c", {}),
	fx.asset("mon-2", "monitoring", "s-d", {}),
])

severity_of(fs, m) := [f.severity | some f in fs; f.subject == m][0]

test_one_missed_check_is_minor if {
	w := fx.world([shared_watch, checks([fx.entry("2026-11-13", ["mon-1", "mon-2"], "pass")])], [])
	severity_of(unverified.deny, "mon-1") == "minor" with input as w
}

test_a_second_missed_interval_is_major if {
	w := fx.world([shared_watch, checks([fx.entry("2026-11-09", ["mon-1", "mon-2"], "pass")])], [])
	severity_of(unverified.deny, "mon-1") == "major" with input as w

	# 14 days is still within the second interval.
	w2 := fx.world([shared_watch, checks([fx.entry("2026-11-10", ["mon-1", "mon-2"], "pass")])], [])
	severity_of(unverified.deny, "mon-1") == "minor" with input as w2
}

test_failed_or_never_checked_is_major if {
	failed := fx.world([shared_watch, checks([fx.entry("2026-11-20", ["mon-1"], "fail"), fx.entry("2026-11-20", ["mon-2"], "pass")])], [])
	severity_of(unverified.deny, "mon-1") == "major" with input as failed
	never := fx.world([shared_watch, checks([fx.entry("2026-11-20", ["mon-2"], "pass")])], [])
	severity_of(unverified.deny, "mon-1") == "major" with input as never
}

# In the fire landscape mon-1 alone watches p-1: one missed check is major.
test_the_only_monitor_of_production_is_major if {
	w := fx.landscape([checks([fx.entry("2026-11-13", ["mon-1"], "pass")])], [])
	fs := unverified.deny with input as w
	severity_of(fs, "mon-1") == "major"
	some f in fs
	contains(f.msg, "it is the only monitor of p-1, so nothing else would notice it fall silent")
}
