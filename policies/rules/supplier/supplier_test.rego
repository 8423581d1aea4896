package qmslint.rules.supplier.supplier_test

import data.qmslint.rules.infra.fixtures_test as fx
import data.qmslint.rules.supplier.single_point
import data.qmslint.rules.supplier.unevaluated

supplier(id, extra) := object.union({"id": id, "name": id, "status": "approved", "evaluated": "2026-03-01", "file": "suppliers.yaml", "line": 3, "pointer": sprintf("/suppliers/%s", [id])}, extra)

suppliers(list) := {"id": "SUP", "kind": "suppliers", "suppliers": list, "file": "suppliers.yaml", "line": 1, "pointer": ""}

all_good := suppliers([supplier("prov-a", {}), supplier("prov-b", {}), supplier("prov-c", {"status": "conditional"})])

test_evaluated_providers if {
	count(unevaluated.deny) == 0 with input as fx.landscape([all_good], [])
}

test_provider_not_on_the_list if {
	fs := unevaluated.deny with input as fx.landscape([suppliers([supplier("prov-a", {}), supplier("prov-b", {})])], [])
	{f.subject | some f in fs} == {"prov-c"}
	some f in fs
	f.pointer == "/sites/s-d/provider"
}

test_disqualified_and_unevaluated_and_overdue if {
	w := fx.landscape([suppliers([
		supplier("prov-a", {"status": "disqualified"}),
		object.remove(supplier("prov-b", {}), ["evaluated"]),
		supplier("prov-c", {"evaluated": "2025-06-01"}),
	])], [])
	fs := unevaluated.deny with input as w
	msgs := {f.subject: f.msg | some f in fs}
	contains(msgs["prov-a"], "its status is disqualified")
	contains(msgs["prov-b"], "it has no evaluated date")
	contains(msgs["prov-c"], "due on 2026-06-01")
}

test_own_interval_outranks_default if {
	w := fx.landscape([suppliers([supplier("prov-a", {}), supplier("prov-b", {}), supplier("prov-c", {"evaluated": "2025-06-01", "reevaluate_months": 24})])], [])
	count(unevaluated.deny) == 0 with input as w
}

test_suppliers_hosting_nothing_are_not_checked if {
	w := fx.landscape([suppliers([supplier("prov-a", {}), supplier("prov-b", {}), supplier("prov-c", {}), supplier("law-firm", {"status": "disqualified"})])], [])
	count(unevaluated.deny) == 0 with input as w
}

test_several_providers if {
	count(single_point.deny) == 0 with input as fx.landscape([all_good], [])
}

test_one_provider_for_everything if {
	inv := fx.inventory(fx.sites, [
		fx.asset("p-1", "production", "s-b1", {}),
		fx.asset("bk-1", "backup", "s-b2", {"backs_up": ["p-1"]}),
		fx.asset("mon-1", "monitoring", "s-c", {}),
	])
	fs := single_point.deny with input as fx.world([inv, all_good], [])
	{f.subject | some f in fs} == {"prov-a"}
	some f in fs
	f.pointer == "/suppliers/prov-a"
}
