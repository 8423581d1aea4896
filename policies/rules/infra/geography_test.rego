package qmslint.rules.infra.geography_test

import data.qmslint.rules.infra.backup_separation as sep
import data.qmslint.rules.infra.building_restore as impact
import data.qmslint.rules.infra.building_restore_unknown as unknown
import data.qmslint.rules.infra.fixtures_test as fx

# Production in Strasbourg; its fastest backup across the river in Kehl
# (another country, 3 km away), a slower one in Frankfurt.
geo_sites := [
	object.union(fx.site("s-sxb", "prov-a", "campus-a", "sxb-1"), {"city": "Strasbourg", "country": "FR", "lat": 48.5734, "lon": 7.7521}),
	object.union(fx.site("s-kehl", "prov-b", "campus-b", "kehl-1"), {"city": "Kehl", "country": "DE", "lat": 48.5722, "lon": 7.8156}),
	object.union(fx.site("s-fra", "prov-a", "campus-c", "fra-1"), {"city": "Frankfurt", "country": "DE", "lat": 50.1109, "lon": 8.6821}),
	object.union(fx.site("s-sxb2", "prov-a", "campus-a", "sxb-2"), {"city": "Strasbourg", "country": "FR"}),
]

geo(assets, docs) := fx.world([fx.inventory(geo_sites, assets)], docs)

p1 := fx.asset("p-1", "production", "s-sxb", {"data_gb": 25})

test_another_city_and_country_holds if {
	w := geo([p1, fx.asset("bk-1", "backup", "s-kehl", {"backs_up": ["p-1"], "restore_mbps": 100})], [fx.doc("PLN-1", {"backup_separation": "country"})])
	count(sep.deny) == 0 with input as w
}

test_same_city if {
	assets := [p1, fx.asset("bk-1", "backup", "s-sxb2", {"backs_up": ["p-1"], "restore_mbps": 100}), fx.asset("bk-2", "backup", "s-fra", {"backs_up": ["p-1"], "restore_mbps": 50})]
	count(sep.deny) == 0 with input as geo(assets, [])
	w := fx.with_config(geo(assets, []), {"infra.backup-separation": {"separation": "city"}})
	fs := sep.deny with input as w
	{f.subject | some f in fs} == {"bk-1/p-1/city"}
	some f in fs
	contains(f.msg, "main backup bk-1 of production p-1 is in the same city, Strasbourg, as production")
	contains(f.msg, "as .qmslint.yaml sets")
}

test_same_country_when_the_plan_asks if {
	w := geo([p1, fx.asset("bk-2", "backup", "s-fra", {"backs_up": ["p-1"], "restore_mbps": 50})], [fx.doc("PLN-1", {"backup_separation": "country"})])
	count(sep.deny) == 0 with input as w
	w2 := geo([fx.asset("p-2", "production", "s-kehl", {}), fx.asset("bk-2", "backup", "s-fra", {"backs_up": ["p-2"], "restore_mbps": 50})], [fx.doc("PLN-1", {"backup_separation": "country"})])
	fs := sep.deny with input as w2
	{f.subject | some f in fs} == {"bk-2/p-2/country"}
	some f in fs
	contains(f.msg, "as PLN-1 requires")
}

test_separation_none if {
	w := geo([p1, fx.asset("bk-1", "backup", "s-sxb2", {"backs_up": ["p-1"]})], [fx.doc("PLN-1", {"backup_separation": "none"})])
	count(sep.deny) == 0 with input as w
}

test_minimum_distance if {
	w := geo([p1, fx.asset("bk-1", "backup", "s-kehl", {"backs_up": ["p-1"], "restore_mbps": 100})], [fx.doc("PLN-1", {"backup_min_distance_km": 100})])
	fs := sep.deny with input as w
	{f.subject | some f in fs} == {"bk-1/p-1/distance"}
	some f in fs
	contains(f.msg, "main backup bk-1 (site s-kehl) is 5 km from production p-1 (site s-sxb), closer than the 100 km required as PLN-1 requires")
	w2 := geo([p1, fx.asset("bk-2", "backup", "s-fra", {"backs_up": ["p-1"]})], [fx.doc("PLN-1", {"backup_min_distance_km": 100})])
	count(sep.deny) == 0 with input as w2
}

test_minimum_distance_needs_coordinates if {
	w := geo([fx.asset("p-2", "production", "s-sxb2", {}), fx.asset("bk-2", "backup", "s-fra", {"backs_up": ["p-2"]})], [fx.doc("PLN-1", {"backup_min_distance_km": 100})])
	fs := sep.deny with input as w
	some f in fs
	contains(f.msg, "site s-sxb2 of p-2 has no lat and lon")
}

test_one_provider_for_every_copy if {
	assets := [p1, fx.asset("bk-2", "backup", "s-fra", {"backs_up": ["p-1"]})]
	count(sep.deny) == 0 with input as geo(assets, [])
	fs := sep.deny with input as geo(assets, [fx.doc("PLN-1", {"backup_other_provider": true})])
	{f.subject | some f in fs} == {"p-1/provider"}
}

# Impact of losing a building.

plan_loses(building, rto) := fx.plan([fx.scenario("dr-b", [building], rto)])

sxb := [
	fx.asset("p-1", "production", "s-sxb", {"data_gb": 25, "customers": [{"id": "klinik-nord", "sla_hours": 2}, "praxis-sued"]}),
	fx.asset("p-2", "production", "s-sxb", {"data_gb": 9, "customers": 12}),
	fx.asset("bk-2", "backup", "s-fra", {"backs_up": ["p-1", "p-2"], "restore_mbps": 40}),
]

# p-1: 25 × 8,000 ÷ 40 = 5,000 s, 1.39 h; p-2: 0.5 h; one at a time 1.89 h.
test_building_within_its_rto if {
	count(impact.deny) == 0 with input as geo(sxb, [plan_loses("sxb-1", 2)])
}

test_building_beyond_its_rto if {
	fs := impact.deny with input as geo(sxb, [plan_loses("sxb-1", 1.5)])
	{f.subject | some f in fs} == {"sxb-1"}
	some f in fs
	contains(f.msg, "losing building sxb-1 cuts off 14 customer(s) of p-1, p-2 and leaves 34 GB to restore, 1.9 h at 1 restore(s) at a time by qmslint's default")
	contains(f.msg, "against an RTO of 1.5 h; late: the customers of p-2 (back after 1.9 h)")
}

test_parallel_restores_meet_it if {
	count(impact.deny) == 0 with input as geo(sxb, [plan_loses("sxb-1", 1.5), fx.doc("PLN-2", {"restore_parallelism": 2})])
}

test_shared_bandwidth_caps_parallel_restores if {
	w := geo(sxb, [plan_loses("sxb-1", 1.5), fx.doc("PLN-2", {"restore_parallelism": 2, "restore_bandwidth_mbps": 40})])
	fs := impact.deny with input as w
	some f in fs
	contains(f.msg, "within 40 Mbit/s together as PLN-2 requires")
}

test_customer_sla if {
	slow := array.concat([object.union(sxb[0], {"data_gb": 40})], [sxb[1], sxb[2]])
	fs := impact.deny with input as geo(slow, [])
	some f in fs
	contains(f.msg, "late: klinik-nord (SLA 2 h, back after 2.2 h)")
	not contains(f.msg, "RTO")
}

test_nothing_survives if {
	fs := impact.deny with input as geo([sxb[0], fx.asset("bk-1", "backup", "s-sxb", {"backs_up": ["p-1"], "restore_mbps": 900})], [])
	some f in fs
	contains(f.msg, "p-1, which no surviving backup with a measured restore_mbps holds")
}

# A lost production asset without data_gb: its restore time is unknown,
# not impossible, and not zero.

no_volume := [
	fx.asset("p-1", "production", "s-sxb", {"data_gb": 25, "customers": ["praxis-sued"]}),
	fx.asset("p-3", "production", "s-sxb", {"customers": 3}),
	fx.asset("bk-2", "backup", "s-fra", {"backs_up": ["p-1", "p-3"], "restore_mbps": 40}),
]

test_missing_volume_is_not_unrestorable if {
	count(impact.deny) == 0 with input as geo(no_volume, [plan_loses("sxb-1", 2)])
}

test_missing_volume_cannot_be_judged if {
	fs := unknown.deny with input as geo(no_volume, [plan_loses("sxb-1", 2)])
	{f.subject | some f in fs} == {"sxb-1"}
	some f in fs
	contains(f.msg, "how long restoring building sxb-1 takes cannot be judged: production asset(s) p-3 have no data_gb")
	contains(f.msg, "(the building's RTO is 2 h)")
}

test_missing_volume_with_customers_and_no_plan if {
	fs := unknown.deny with input as geo(no_volume, [])
	{f.subject | some f in fs} == {"sxb-1"}
}

test_every_volume_stated if {
	stated := array.concat([no_volume[0], object.union(no_volume[1], {"data_gb": 0})], [no_volume[2]])
	count(unknown.deny) == 0 with input as geo(stated, [plan_loses("sxb-1", 2)])
}

test_missing_volume_with_nothing_to_judge if {
	bare := [fx.asset("p-3", "production", "s-sxb", {}), no_volume[2]]
	count(unknown.deny) == 0 with input as geo(bare, [])
}
