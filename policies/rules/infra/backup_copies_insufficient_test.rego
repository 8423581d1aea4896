package qmslint.rules.infra.backup_copies_insufficient_test

import data.qmslint.rules.infra.backup_copies_insufficient as rule
import data.qmslint.rules.infra.fixtures_test as fx

test_two_copies_elsewhere_at_other_providers_hold if {
	count(rule.deny) == 0 with input as fx.landscape([], [])
}

test_only_the_same_building_copy if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {}),
		fx.asset("bk-1", "backup", "s-b1", {"backs_up": ["p-1"]}),
	])
	fs := rule.deny with input as fx.world([inv], [])
	some f in fs
	f.subject == "p-1"
	contains(f.msg, "2 backups in other buildings are required, by qmslint's default")
	contains(f.msg, "it has 0 (none)")
}

test_two_copies_in_one_other_building_count_once if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {}),
		fx.asset("bk-2", "backup", "s-c", {"backs_up": ["p-1"]}),
		fx.asset("bk-4", "backup", "s-c", {"backs_up": ["p-1"]}),
	])
	count(rule.deny) == 1 with input as fx.world([inv], [])
}

test_all_copies_with_the_production_provider if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {}),
		fx.asset("bk-1", "backup", "s-b2", {"backs_up": ["p-1"]}),
		fx.asset("bk-5", "backup", "s-b3", {"backs_up": ["p-1"]}),
	])
	sites := array.concat(fx.sites, [fx.site("s-b3", "prov-a", "campus-x", "b3")])
	fs := rule.deny with input as fx.world([fx.inventory(sites, inv.assets)], [])
	some f in fs
	contains(f.msg, "other than prov-a")
}

test_count_from_document_parameter if {
	w := fx.landscape([], [fx.doc("SOP-010", {"backup_min_copies": 3})])
	fs := rule.deny with input as w
	some f in fs
	contains(f.msg, "3 backups in other buildings are required, as SOP-010 requires")
}

test_count_from_config if {
	w := fx.with_config(fx.landscape([], []), {"infra.backup-copies-insufficient": {"min_copies": 1}})
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {}),
		fx.asset("bk-2", "backup", "s-c", {"backs_up": ["p-1"]}),
	])
	count(rule.deny) == 0 with input as object.union(w, {"registers": [inv]})
}

test_a_backup_without_a_building_is_named_by_its_site if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {}),
		fx.asset("bk-9", "backup", "s-r", {"backs_up": ["p-1"]}),
	])
	sites := array.concat(fx.sites, [fx.site("s-r", "prov-b", "eu-central", "")])
	fs := rule.deny with input as fx.world([fx.inventory(sites, inv.assets)], [])
	some f in fs
	contains(f.msg, "bk-9 at site s-r (building unknown)")
}
