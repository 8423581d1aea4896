package qmslint.lib

# Indexes over the registers, each computed once per evaluation as a map
# keyed by id, building, campus or (record type, subject). Rules look items
# up here instead of scanning one list per item of another: an inventory of
# thousands of assets must lint in well under a second.
#
# The grouping comprehensions ({k: [x | ...; x.f == k]}) are written so OPA's
# comprehension indexing evaluates the inner list once for all keys.
#
# Items whose id is used twice are indexed by their first occurrence;
# doc.id-duplicate reports the duplicate.

# METADATA
# custom:
#   scope: document
registers_of_kind(kind) := [r | some r in input.registers; r.kind == kind]

# Inventory

# The hand-kept inventory's sites and assets, then the resources of
# Terraform states it does not list and their sites (terraform.rego).
sites := array.concat(hand_sites, [s | some s in state_sites; not s.id in hand_site_ids; s.id in state_sites_used])

assets := array.concat(hand_assets, state_unclaimed)

site_by_id := {id: group[0] |
	some s in sites
	id := s.id
	group := [x | some x in sites; x.id == id]
}

asset_by_id := {id: group[0] |
	some a in assets
	id := a.id
	group := [x | some x in assets; x.id == id]
}

# Where each site is: {site, building, campus, provider}.
site_placement := {id: p |
	some id, s in site_by_id
	p := {
		"site": id,
		"building": object.get(s, "building", ""),
		"campus": object.get(s, "campus", ""),
		"provider": object.get(s, "provider", ""),
	}
}

# Where each asset is: its site's placement. Assets naming a site that does
# not exist are left out (infra.reference-unknown reports them).
placement := {id: site_placement[a.site] | some id, a in asset_by_id}

# Grouped by iterating the distinct keys, a few sites or roles, not every
# asset: the inner comprehension, which OPA indexes by key, is then
# evaluated once per key rather than looked up once per asset.
assets_by_site := {k: ids |
	some k in {a.site | some a in asset_by_id}
	ids := {x.id | some x in asset_by_id; x.site == k}
}

# The sites of each building and campus, sorted (a finding about a building
# points at its first site).
sites_of_building := {k: ids |
	some k in {s.building | some s in site_placement; s.building != ""}
	ids := sort([x.site | some x in site_placement; x.building == k])
}

sites_of_campus := {k: ids |
	some k in {s.campus | some s in site_placement; s.campus != ""}
	ids := sort([x.site | some x in site_placement; x.campus == k])
}

assets_by_building := {k: union({object.get(assets_by_site, s, set()) | some s in sites}) | some k, sites in sites_of_building}

assets_by_campus := {k: union({object.get(assets_by_site, s, set()) | some s in sites}) | some k, sites in sites_of_campus}

assets_by_role := {k: ids |
	some k in {a.role | some a in assets}
	ids := {x.id | some x in assets; x.role == k}
}

# Assets that hold copies of others (a non-empty backs_up), by id.
backup_by_id := {id: a | some id, a in asset_by_id; count(object.get(a, "backs_up", [])) > 0}

# The ids of the assets that hold a copy of each asset.
backups_of := {k: ids |
	some k in {t | some b in backup_by_id; some t in b.backs_up}
	ids := {x.id | some x in backup_by_id; some y in x.backs_up; y == k}
}

# locations names what a scenario or reference may name: an asset, a site,
# a building or a campus.
locations := ((asset_ids | object.keys(site_by_id)) | object.keys(assets_by_building)) | object.keys(assets_by_campus)

asset_ids := object.keys(asset_by_id)

# The assets a location stands for: an asset itself, or every asset at a
# site, in a building or on a campus.
assets_at(x) := ((object.get(assets_by_site, x, set()) | object.get(assets_by_building, x, set())) | object.get(assets_by_campus, x, set())) | ({x} & asset_ids)

# Record logs

# Entries of every record log, as [type of the log, entry]. Entries
# dated after the evaluation day are left out: a record from the future
# proves nothing yet. (Dates are YYYY-MM-DD, checked by the schema, so
# they compare as strings.)
record_entries := [[r.type, e] |
	some r in registers_of_kind("record-log")
	some e in r.entries
	is_object(e)
	is_string(e.date)
	e.date <= input.date
]

# The entries of each record type about each subject, keyed by
# [type, subject id].
entries_about := {k: es |
	some k in {[te[0], s] | some te in record_entries; some s in te[1].subject}
	es := [x[1] | some x in record_entries; some y in x[1].subject; [x[0], y] == k]
}

# The date of the latest passing entry, by [type, subject].
last_pass_about := {k: max(passes) |
	some k, es in entries_about
	passes := {e.date | some e in es; e.result == "pass"}
	count(passes) > 0
}

# The latest entry (the first in file order among those on the latest
# date), by [type, subject].
latest_about := {k: latest |
	some k, es in entries_about
	last := max({e.date | some e in es})
	latest := [e | some e in es; e.date == last][0]
}

entries_of(type, subject) := object.get(entries_about, [[type, subject]], [])

# The date of the latest passing entry, undefined when there is none.
last_pass(type, subject) := last_pass_about[[type, subject]]

latest_entry(type, subject) := latest_about[[type, subject]]

# Disaster recovery plans

# Scenarios of in-force plans, each with the id of its plan.
# METADATA
# custom:
#   given: value
scenarios := [object.union(s, {"plan": d.id}) |
	some d in documents_of_kind.plan
	in_force(d)
	some s in d.scenarios
	is_object(s)
	is_string(s.id)
]

# The ids of the assets a scenario loses.
lost_assets(s) := union({assets_at(x) | some x in s.lost})

# lost_assets of each scenario, by its index in scenarios, computed once.
scenario_losses := [lost_assets(s) | some s in scenarios]

# Suppliers

suppliers := [s | some r in registers_of_kind("suppliers"); some s in r.suppliers; is_string(s.id)]

supplier_by_id := {id: group[0] |
	some s in suppliers
	id := s.id
	group := [x | some x in suppliers; x.id == id]
}

# Risks

risks := [r | some reg in registers_of_kind("risk-register"); some r in reg.risks; is_object(r); is_string(r.id)]

# The highest acceptable score of a risk register, as {value, note}: its
# acceptance, else a document's risk_acceptance parameter, else
# .qmslint.yaml (rules.risk.unacceptable-untreated.acceptance), else 8.
risk_acceptance(reg) := {"value": reg.acceptance, "note": sprintf("the acceptance of %s", [reg.id])} if {
	is_number(reg.acceptance)
} else := {"value": t.value, "note": t.note} if {
	t := threshold("risk.unacceptable-untreated", "acceptance", "risk_acceptance", 8)
}

# The score of a risk after treatment: its residual rating where one is
# given, else its initial one.
risk_after(r) := [r.residual.likelihood * r.residual.severity, true] if {
	is_number(r.residual.likelihood)
	is_number(r.residual.severity)
} else := [r.likelihood * r.severity, false]
