package qmslint.lib

# Inventory read from Terraform/OpenTofu states (kind terraform-state, one
# register per file of terraform show -json that .qmslint.yaml names;
# docs/infrastructure.md). Its locations and resources join the hand-kept
# inventory's sites and assets (registers.rego): a resource the hand-kept
# inventory already lists (by id, or by address in its terraform field)
# is left to it, and the drift rules compare the two.

state_registers := registers_of_kind("terraform-state")

# Whether a company keeps an inventory by hand: without one, the state is
# the inventory and there is nothing to drift from.
hand_kept if count(registers_of_kind("inventory")) > 0

hand_sites := [s | some r in registers_of_kind("inventory"); some s in r.sites; is_string(s.id)]

hand_assets := [a | some r in registers_of_kind("inventory"); some a in r.assets; is_string(a.id)]

state_sites := [s | some r in state_registers; some s in r.locations; is_string(s.id)]

state_assets := [a | some r in state_registers; some a in r.resources; is_string(a.id)]

hand_site_ids := {s.id | some s in hand_sites}

hand_asset_ids := {a.id | some a in hand_assets}

# The addresses hand-kept assets say they are.
claimed_addresses := {a.terraform | some a in hand_assets; is_string(a.terraform)}

# A state resource the hand-kept inventory lists.
state_claimed(a) if a.id in hand_asset_ids

state_claimed(a) if a.address in claimed_addresses

# The state resources the hand-kept inventory does not list: they join
# lib.assets.
state_unclaimed := [a | some a in state_assets; not state_claimed(a)]

# The sites of the resources the hand-kept inventory does not list: a site
# only its listed resources use adds nothing.
state_sites_used := {a.site | some a in state_unclaimed; is_string(a.site)}

# By address and by id; a resource in two states is taken from the first.
state_asset_by_address := {k: group[0] |
	some a in state_assets
	k := a.address
	group := [x | some x in state_assets; x.address == k]
}

state_asset_by_id := {k: group[0] |
	some a in state_assets
	k := a.id
	group := [x | some x in state_assets; x.id == k]
}

state_site_by_id := {k: group[0] |
	some s in state_sites
	k := s.id
	group := [x | some x in state_sites; x.id == k]
}

# The state resource a hand-kept asset is: the one at its terraform
# address, else the one with its id.
state_twin(h) := state_asset_by_address[h.terraform] if {
	is_string(h.terraform)
} else := state_asset_by_id[h.id]

# Where the state puts a resource: {site, building, campus, provider},
# like placement.
state_placement(a) := {
	"site": s.id,
	"building": object.get(s, "building", ""),
	"campus": object.get(s, "campus", ""),
	"provider": object.get(s, "provider", ""),
} if {
	s := state_site_by_id[a.site]
}

# [where the inventory says, where the state says, the state resource] of
# a hand-kept asset whose resource the state puts elsewhere. Buildings are
# compared by name; where the state knows only the campus (a region, a
# storage location), campuses are.
state_drift(h) := [placed_said(hp), placed_said(sp), s] if {
	s := state_twin(h)
	hp := placement[h.id]
	sp := state_placement(s)
	state_moved(hp, sp)
}

state_moved(hp, sp) if {
	sp.building != ""
	sp.building != hp.building
}

state_moved(hp, sp) if {
	sp.building == ""
	sp.campus != ""
	sp.campus != hp.campus
}

placed_said(p) := sprintf("building %s (site %s)", [p.building, p.site]) if {
	p.building != ""
} else := sprintf("campus %s (site %s)", [p.campus, p.site]) if {
	p.campus != ""
} else := sprintf("site %s", [p.site])

# The file of the first hand-kept inventory, for messages.
hand_file := registers_of_kind("inventory")[0].file
