package qmslint.rules.infra.restore_test_test

import data.qmslint.rules.infra.fixtures_test as fx
import data.qmslint.rules.infra.restore_test_failed as failed
import data.qmslint.rules.infra.restore_test_stale as stale

weekly := fx.log("restore-test", [
	fx.entry("2026-11-16", ["bk-1", "bk-2", "bk-3"], "pass"),
	fx.entry("2026-11-23", ["bk-1", "bk-2"], "pass"),
])

test_weekly_tests_hold if {
	w := fx.landscape([weekly], [])
	{f.subject | some f in stale.deny with input as w} == {"bk-3"}
	count(failed.deny) == 0 with input as w
}

test_stale_message_names_the_default_and_last_pass if {
	fs := stale.deny with input as fx.landscape([weekly], [])
	some f in fs
	f.subject == "bk-3"
	contains(f.msg, "no passing restore test of bk-3 within 7 days, by qmslint's default")
	contains(f.msg, "the last passing one was on 2026-11-16, 8 days ago")
}

test_seven_days_is_within_seven_days if {
	w := fx.landscape([fx.log("restore-test", [fx.entry("2026-11-17", ["bk-3"], "pass"), fx.entry("2026-11-16", ["bk-2"], "pass")])], [])
	fs := stale.deny with input as w
	{f.subject | some f in fs} == {"bk-1", "bk-2"}
}

test_threshold_from_the_backup_procedure if {
	w := fx.landscape([weekly], [fx.doc("SOP-010", {"restore_test_max_age_days": 3})])
	fs := stale.deny with input as w
	{f.subject | some f in fs} == {"bk-3"}
	some f in fs
	contains(f.msg, "within 3 days, as SOP-010 requires")
}

test_document_outranks_config if {
	w := fx.with_config(fx.landscape([weekly], [fx.doc("SOP-010", {"restore_test_max_age_days": 30})]), {"infra.restore-test-stale": {"max_age_days": 1}})
	count(stale.deny) == 0 with input as w
}

test_config_when_no_document if {
	w := fx.with_config(fx.landscape([weekly], []), {"infra.restore-test-stale": {"max_age_days": 30}})
	count(stale.deny) == 0 with input as w
}

test_never_tested if {
	fs := stale.deny with input as fx.landscape([], [])
	count(fs) == 3
	some f in fs
	contains(f.msg, "no restore-test log records a passing one")
}

test_failing_tests_do_not_count_and_are_reported if {
	w := fx.landscape([fx.log("restore-test", [
		fx.entry("2026-11-20", ["bk-1", "bk-2", "bk-3"], "pass"),
		fx.entry("2026-11-23", ["bk-2"], "fail"),
	])], [])
	count(stale.deny) == 0 with input as w
	fs := failed.deny with input as w
	{f.subject | some f in fs} == {"bk-2"}
	some f in fs
	f.pointer == "/entries/2026-11-23/result"
}

test_retest_on_the_same_day_clears_the_failure if {
	w := fx.landscape([fx.log("restore-test", [
		fx.entry("2026-11-23", ["bk-2"], "fail"),
		fx.entry("2026-11-23", ["bk-2"], "pass"),
	])], [])
	count(failed.deny) == 0 with input as w
}

test_future_entries_are_ignored if {
	w := fx.landscape([fx.log("restore-test", [fx.entry("2026-12-01", ["bk-1", "bk-2", "bk-3"], "pass")])], [])
	count(stale.deny) == 3 with input as w
}
