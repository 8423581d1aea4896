package qmslint.lib.registers_test

import data.qmslint.lib

site(id, campus, building) := {"id": id, "provider": "prov", "campus": campus, "building": building, "file": "i.yaml", "line": 1, "pointer": ""}

asset(id, role, site, extra) := object.union({"id": id, "role": role, "site": site, "file": "i.yaml", "line": 1, "pointer": ""}, extra)

inv := {"kind": "inventory", "sites": [site("s1", "c", "b1"), site("s2", "c", "b2"), site("s3", "", "b3")], "assets": [
	asset("p-1", "production", "s1", {}),
	asset("bk-1", "backup", "s1", {"backs_up": ["p-1"]}),
	asset("bk-2", "backup", "s3", {"backs_up": ["p-1", "p-2"]}),
	asset("p-2", "production", "s2", {}),
	asset("p-1", "staging", "s3", {}),
	asset("x", "trial", "nowhere", {}),
]}

world := {"date": "2026-11-24", "config": {"rules": {}}, "documents": [], "registers": [inv]}

test_first_occurrence_wins if {
	lib.asset_by_id["p-1"].role == "production" with input as world
}

test_placement if {
	lib.placement["bk-2"] == {"site": "s3", "building": "b3", "campus": "", "provider": "prov"} with input as world
	not lib.placement.x with input as world
}

test_groupings if {
	lib.assets_by_building == {"b1": {"p-1", "bk-1"}, "b2": {"p-2"}, "b3": {"bk-2"}} with input as world
	lib.assets_by_campus == {"c": {"p-1", "bk-1", "p-2"}} with input as world
	lib.backups_of == {"p-1": {"bk-1", "bk-2"}, "p-2": {"bk-2"}} with input as world
	lib.assets_by_role.production == {"p-1", "p-2"} with input as world
}

test_assets_at_any_kind_of_location if {
	lib.assets_at("c") == {"p-1", "bk-1", "p-2"} with input as world
	lib.assets_at("s3") == {"bk-2"} with input as world
	lib.assets_at("b1") == {"p-1", "bk-1"} with input as world
	lib.assets_at("p-2") == {"p-2"} with input as world
	lib.assets_at("mars") == set() with input as world
}

log := {"kind": "record-log", "type": "restore-test", "id": "L", "file": "l.yaml", "entries": [
	{"date": "2026-11-20", "subject": ["bk-1"], "result": "pass", "file": "l.yaml", "line": 3, "pointer": "/entries/0"},
	{"date": "2026-11-22", "subject": ["bk-1", "bk-2"], "result": "fail", "file": "l.yaml", "line": 4, "pointer": "/entries/1"},
	{"date": "2026-12-01", "subject": ["bk-1"], "result": "pass", "file": "l.yaml", "line": 5, "pointer": "/entries/2"},
]}

test_record_entries if {
	w := object.union(world, {"registers": [inv, log]})
	lib.last_pass("restore-test", "bk-1") == "2026-11-20" with input as w
	lib.latest_entry("restore-test", "bk-1").pointer == "/entries/1" with input as w
	not lib.last_pass("restore-test", "bk-2") with input as w
	count(lib.entries_of("monitoring-check", "bk-1")) == 0 with input as w
}

test_scenarios_of_in_force_plans if {
	plan := {"id": "PLN-1", "kind": "plan", "status": "approved", "file": "p.md", "pointer": "", "scenarios": [{"id": "s-1", "lost": ["b1"]}]}
	draft := object.union(plan, {"id": "PLN-2", "status": "draft"})
	w := object.union(world, {"documents": [plan, draft]})
	[s.plan | some s in lib.scenarios] == ["PLN-1"] with input as w
	lib.lost_assets(lib.scenarios[0]) == {"p-1", "bk-1"} with input as w
}
