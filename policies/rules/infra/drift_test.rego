package qmslint.rules.infra.drift_test

import data.qmslint.lib
import data.qmslint.rules.infra.backup_shares_building as building
import data.qmslint.rules.infra.drift_backup_moved as moved
import data.qmslint.rules.infra.drift_location as placed
import data.qmslint.rules.infra.drift_missing as missing
import data.qmslint.rules.infra.drift_unlisted as unlisted
import data.qmslint.rules.infra.fixtures_test as fx
import data.qmslint.rules.infra.location_unknown as unknown

# A state register as internal/tfstate builds it from terraform show -json.
state(locations, resources) := {"kind": "terraform-state", "format": "state", "file": "infra/prod.json", "line": 1, "pointer": "", "locations": locations, "resources": resources}

location(id, campus, building) := {"id": id, "provider": "prov-a", "terraform_provider": "prov", "location": id, "known": true, "campus": campus, "building": building, "file": "infra/prod.json", "line": 1, "pointer": "/locations/0"}

resource(address, id, site, extra) := object.union({"id": id, "address": address, "type": "prov_server", "class": "server", "terraform_provider": "prov", "site": site, "file": "infra/prod.json", "line": 7, "pointer": "/resources/0"}, extra)

# The state of the fire landscape: p-1 and bk-1 in b1, bk-2 elsewhere.
locations := [location("prov:b1", "campus-a", "b1"), location("prov:c1", "campus-b", "c1")]

resources := [
	resource("prov_server.p1", "p-1", "prov:b1", {"role": "production"}),
	resource("prov_server.bk1", "bk-1", "prov:b1", {"role": "backup", "backs_up": ["p-1"]}),
	resource("prov_server.bk2", "bk-2", "prov:c1", {"role": "backup", "backs_up": ["p-1"]}),
]

# The hand-kept inventory's assets, each naming its resource.
hand := [
	fx.asset("p-1", "production", "s-b1", {"terraform": "prov_server.p1"}),
	fx.asset("bk-1", "backup", "s-b1", {"backs_up": ["p-1"], "terraform": "prov_server.bk1"}),
	fx.asset("bk-2", "backup", "s-c", {"backs_up": ["p-1"], "terraform": "prov_server.bk2"}),
]

both(assets, res) := fx.world([fx.inventory(fx.sites, assets), state(locations, res)], [])

state_only(res) := fx.world([state(locations, res)], [])

subjects(fs) := {f.subject | some f in fs}

test_state_alone_is_the_inventory if {
	w := state_only(resources)
	ids := {a.id | some a in lib.assets} with input as w
	ids == {"p-1", "bk-1", "bk-2"}
	fs := building.deny with input as w
	subjects(fs) == {"bk-1/p-1"}
	some f in fs
	f.file == "infra/prod.json"
	f.pointer == "/resources/0/site"
}

test_state_alone_has_no_drift if {
	w := state_only(resources)
	count(unlisted.deny) == 0 with input as w
	count(missing.deny) == 0 with input as w
	count(placed.deny) == 0 with input as w
	count(moved.deny) == 0 with input as w
}

test_agreeing_inventory_and_state_have_no_drift if {
	w := both(hand, resources)
	count(unlisted.deny) == 0 with input as w
	count(missing.deny) == 0 with input as w
	count(placed.deny) == 0 with input as w
	count(moved.deny) == 0 with input as w

	# The hand-kept assets are the inventory; the state adds no duplicate,
	# and no site only its listed resources use.
	count(lib.assets) == 3 with input as w
	{s.id | some s in lib.sites} == {s.id | some s in fx.sites} with input as w
	subjects(building.deny) == {"bk-1/p-1"} with input as w
}

test_resource_not_in_inventory if {
	extra := array.concat(resources, [resource("prov_server.mon", "prov_server.mon", "prov:c1", {})])
	fs := unlisted.deny with input as both(hand, extra)
	subjects(fs) == {"prov_server.mon"}
	"prov:c1" in {s.id | some s in lib.sites} with input as both(hand, extra)
	some f in fs
	f.file == "infra/prod.json"
	contains(f.msg, "server prov_server.mon is in the Terraform state infra/prod.json (at prov:c1) but not in the inventory inventory.yaml")
}

test_resource_listed_by_id_is_not_unlisted if {
	by_id := [fx.asset("p-1", "production", "s-b1", {}), hand[1], hand[2]]
	count(unlisted.deny) == 0 with input as both(by_id, resources)
}

test_inventory_asset_not_in_state if {
	fs := missing.deny with input as both(hand, [resources[0], resources[2]])
	subjects(fs) == {"bk-1"}
	some f in fs
	f.severity == "major"
	f.pointer == "/assets/bk-1/terraform"
	contains(f.msg, "asset bk-1 names the Terraform resource prov_server.bk1, which no state read holds (infra/prod.json); it is counted as a backup of p-1")

	gone := missing.deny with input as both(hand, [resources[1], resources[2]])
	[f.severity | some f in gone] == ["minor"]
}

test_without_state_nothing_is_missing if {
	count(missing.deny) == 0 with input as fx.world([fx.inventory(fx.sites, hand)], [])
}

test_production_moved if {
	elsewhere := [resource("prov_server.p1", "p-1", "prov:c1", {"role": "production"}), resources[1], resources[2]]
	fs := placed.deny with input as both(hand, elsewhere)
	subjects(fs) == {"p-1"}
	some f in fs
	contains(f.msg, "asset p-1 is in building b1 (site s-b1) by the inventory, but the Terraform state infra/prod.json puts its resource prov_server.p1 in building c1 (site prov:c1)")
	count(moved.deny) == 0 with input as both(hand, elsewhere)
}

test_region_only_location_compares_campus if {
	region := array.concat(locations, [location("prov:region-a", "campus-a", "")])
	same := [resource("prov_server.p1", "p-1", "prov:region-a", {}), resources[1], resources[2]]
	count(placed.deny) == 0 with input as fx.world([fx.inventory(fx.sites, hand), state(region, same)], [])
	other := array.concat(locations, [location("prov:region-b", "campus-b", "")])
	far := [resource("prov_server.p1", "p-1", "prov:region-b", {}), resources[1], resources[2]]
	subjects(placed.deny) == {"p-1"} with input as fx.world([fx.inventory(fx.sites, hand), state(other, far)], [])
}

test_backup_moved if {
	# The state has bk-2 in b1, beside production; the inventory still says c1.
	back := [resources[0], resources[1], resource("prov_server.bk2", "bk-2", "prov:b1", {"role": "backup", "backs_up": ["p-1"]})]
	fs := moved.deny with input as both(hand, back)
	subjects(fs) == {"bk-2"}
	some f in fs
	object.get(f, "severity", null) == null
	contains(f.msg, "backup bk-2 of p-1 is in building c1 (site s-c) by the inventory, but the Terraform state infra/prod.json puts its resource prov_server.bk2 in building b1 (site prov:b1)")
	count(placed.deny) == 0 with input as both(hand, back)
}

test_backup_target_changed if {
	retarget := [resources[0], resources[1], resource("prov_server.bk2", "bk-2", "prov:c1", {"backs_up": ["p-2"]})]
	fs := moved.deny with input as both(hand, retarget)
	subjects(fs) == {"bk-2/backs_up"}
	some f in fs
	contains(f.msg, "backup bk-2 backs up p-1 by the inventory, but server prov_server.bk2 in the Terraform state infra/prod.json is tagged as backing up p-2")
}

test_unknown_location if {
	odd := object.union(location("prov:zz-9", "", ""), {"known": false})
	res := array.concat(resources, [resource("prov_server.edge", "edge", "prov:zz-9", {})])
	fs := unknown.deny with input as state_only(res) with input.registers as [state(array.concat(locations, [odd]), res)]
	subjects(fs) == {"prov:zz-9"}
	some f in fs
	contains(f.msg, "server prov_server.edge is at location \"prov:zz-9\" of provider prov, which the location table does not know")
	count(unknown.deny) == 0 with input as state_only(resources)
}
