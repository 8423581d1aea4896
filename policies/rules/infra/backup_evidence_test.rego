package qmslint.rules.infra.backup_evidence_test

import data.qmslint.rules.infra.backup_snapshot_stale as stale
import data.qmslint.rules.infra.fixtures_test as fx
import data.qmslint.rules.infra.restore_test_snapshot as named

snap(id, time) := {"id": sprintf("%s0000000000000000", [id]), "short_id": id, "time": time}

evidence(sources) := {"id": "EVD-1", "kind": "backup-evidence", "file": "evidence.yaml", "line": 1, "pointer": "", "sources": sources}

source(target, snaps) := {"target": target, "tool": "restic", "path": sprintf("%s.json", [target]), "snapshots": snaps, "file": "evidence.yaml", "line": 5, "pointer": sprintf("/sources/%s", [target])}

# bk-2 ran last night; bk-3's job stopped four days ago.
nightly := evidence([
	source("bk-2", [snap("aaaa1111", "2026-11-22T01:00:00Z"), snap("bbbb2222", "2026-11-23T01:00:00Z")]),
	source("bk-3", [snap("cccc3333", "2026-11-20T01:00:00Z")]),
])

rpo_plan(h) := fx.plan([object.union(fx.scenario("dr-1", ["p-1"], 4), {"rpo_hours": h})])

test_stale_against_the_plans_rpo if {
	fs := stale.deny with input as fx.landscape([nightly], [rpo_plan(24)])
	{f.subject | some f in fs} == {"bk-3"}
	some f in fs
	contains(f.msg, "cccc3333 of 2026-11-20T01:00:00Z")
	contains(f.msg, "95 h old at the start of 2026-11-24, beyond the recovery point objective of PLN-1/dr-1 (24 h)")
	f.file == "evidence.yaml"
}

test_a_tighter_rpo_catches_last_night if {
	fs := stale.deny with input as fx.landscape([nightly], [rpo_plan(12)])
	{f.subject | some f in fs} == {"bk-2", "bk-3"}
}

test_fallback_when_no_scenario_states_an_rpo if {
	fs := stale.deny with input as fx.landscape([nightly], [])
	{f.subject | some f in fs} == {"bk-3"}
	some f in fs
	contains(f.msg, "by qmslint's default")
	w := fx.with_config(fx.landscape([nightly], []), {"infra.backup-snapshot-stale": {"max_age_hours": 120}})
	count(stale.deny) == 0 with input as w
}

test_a_scenario_losing_the_backup_itself_sets_no_rpo_for_it if {
	p := fx.plan([object.union(fx.scenario("dr-9", ["b1"], 4), {"rpo_hours": 1})])
	fs := stale.deny with input as fx.landscape([nightly], [p])
	{f.subject | some f in fs} == {"bk-2", "bk-3"}
}

test_snapshots_of_the_day_are_current_and_later_ones_unseen if {
	e := evidence([source("bk-2", [snap("dddd4444", "2026-11-24T23:30:00Z")]), source("bk-3", [snap("eeee5555", "2026-11-25T00:30:00Z")])])
	fs := stale.deny with input as fx.landscape([e], [rpo_plan(1)])
	{f.subject | some f in fs} == {"bk-3"}
	some f in fs
	contains(f.msg, "holds no snapshot taken by 2026-11-24")
}

test_unreadable_source_is_not_empty if {
	e := evidence([object.remove(source("bk-2", []), ["snapshots"])])
	count(stale.deny) == 0 with input as fx.landscape([e], [rpo_plan(1)])
}

restore(date, snapshot, extra) := object.union(fx.entry(date, ["bk-2"], "pass"), object.union({"snapshot": snapshot}, extra))

test_restore_of_the_latest_snapshot_holds if {
	w := fx.landscape([nightly, fx.log("restore-test", [restore("2026-11-23", "bbbb2222", {}), restore("2026-11-23", "aaaa1111", {})])], [])
	{f.subject | some f in named.deny with input as w} == set()
}

test_restore_of_an_older_snapshot_than_the_days_newest if {
	w := fx.landscape([nightly, fx.log("restore-test", [restore("2026-11-24", "aaaa1111", {})])], [])
	fs := named.deny with input as w
	{f.subject | some f in fs} == {"bk-2/2026-11-24/aaaa1111"}
	some f in fs
	contains(f.msg, "older than bbbb2222 of 2026-11-23T01:00:00Z, the newest before the test's day")
}

test_restore_older_than_the_claimed_time if {
	w := fx.landscape([nightly, fx.log("restore-test", [restore("2026-11-23", "aaaa1111", {"snapshot_time": "2026-11-23T01:00:00Z"})])], [])
	fs := named.deny with input as w
	some f in fs
	contains(f.msg, "older than the snapshot_time 2026-11-23T01:00:00Z the record claims")
}

test_unknown_snapshot if {
	w := fx.landscape([nightly, fx.log("restore-test", [restore("2026-11-23", "ffff9999", {}), restore("2026-11-23", "bbbb22220000", {})])], [])
	fs := named.deny with input as w
	{f.subject | some f in fs} == {"bk-2/2026-11-23/ffff9999"}
	some f in fs
	contains(f.msg, "names snapshot \"ffff9999\", which the backup evidence of bk-2 (bk-2.json) does not hold")
}

test_no_evidence_no_judgement if {
	e := fx.log("restore-test", [object.union(fx.entry("2026-11-23", ["bk-4"], "pass"), {"snapshot": "x"})])
	count(named.deny) == 0 with input as fx.landscape([nightly, e], [])
}
