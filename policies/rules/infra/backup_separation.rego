# METADATA
# title: Main backup not far enough from production
# description: |
#   A fire takes a building, a flood or a blackout a city, a law or a
#   regulator a country, and a provider's failure every copy it holds. The
#   company sets how far its main backup (the one the plan restores from:
#   the fastest, by restore_mbps) must be from the production system it
#   copies, in the disaster recovery plan's parameters or .qmslint.yaml:
#   separation (backup_separation: city or country; none, the default,
#   checks none), min_distance_km (backup_min_distance_km: the great-circle
#   distance between the sites' lat and lon; 0, the default, checks none)
#   and other_provider (backup_other_provider: true asks that not every
#   copy of a production system, production included, sit with one
#   provider; false by default, as supplier.single-point checks the whole
#   inventory). Sites without the city, country or coordinates a check
#   needs are reported when that check is set.
# custom:
#   id: infra.backup-separation
#   severity: major
#   clauses: [ISO27001:A.8.13, ISO27001:A.5.30, ISO27001:A.7.5, ISO13485:6.3]
#   params:
#     separation: none
#     min_distance_km: 0
#     other_provider: false
package qmslint.rules.infra.backup_separation

import data.qmslint.lib

rule_id := "infra.backup-separation"

separation := lib.threshold(rule_id, "separation", "backup_separation", "none")

min_distance := lib.threshold(rule_id, "min_distance_km", "backup_min_distance_km", 0)

other_provider := lib.threshold(rule_id, "other_provider", "backup_other_provider", false)

site_of(id) := lib.site_by_id[lib.asset_by_id[id].site]

field_of(id, k) := object.get(site_of(id), k, "")

pairs := [[pid, bid] |
	some pid, bid in lib.main_backup
	lib.asset_by_id[pid].role == "production"
	site_of(pid)
	site_of(bid)
]

deny contains f if {
	separation.value in {"city", "country"}
	level := separation.value
	some [pid, bid] in pairs
	where := field_of(pid, level)
	where != ""
	where == field_of(bid, level)
	f := object.union(lib.at(lib.asset_by_id[bid], "site"), {
		"msg": sprintf("main backup %s of production %s is in the same %s, %s, as production: one regional disaster takes both; the backups must be in another %s %s; move the main backup, or make a backup in another %s the fastest", [bid, pid, level, where, level, separation.note, level]),
		"subject": sprintf("%s/%s/%s", [bid, pid, level]),
	})
}

deny contains f if {
	separation.value in {"city", "country"}
	some [pid, bid] in pairs
	some id in [pid, bid]
	field_of(id, separation.value) == ""
	separation.source != "default"
	f := object.union(lib.at(site_of(id), "id"), {
		"msg": sprintf("site %s of %s has no %s, so the separation of main backup %s from production %s, set %s, cannot be checked: add the site's %s", [site_of(id).id, id, separation.value, bid, pid, separation.note, separation.value]),
		"subject": sprintf("%s/%s/%s", [bid, pid, separation.value]),
	})
}

deny contains f if {
	min_distance.value > 0
	some [pid, bid] in pairs
	lib.has_coordinates(site_of(pid))
	lib.has_coordinates(site_of(bid))
	d := lib.distance_km(site_of(pid), site_of(bid))
	d < min_distance.value
	f := object.union(lib.at(lib.asset_by_id[bid], "site"), {
		"msg": sprintf("main backup %s (site %s) is %v km from production %s (site %s), closer than the %v km required %s: move the main backup farther away, or make a backup farther away the fastest", [bid, site_of(bid).id, round(d), pid, site_of(pid).id, min_distance.value, min_distance.note]),
		"subject": sprintf("%s/%s/distance", [bid, pid]),
	})
}

deny contains f if {
	min_distance.value > 0
	some [pid, bid] in pairs
	some id in [pid, bid]
	not lib.has_coordinates(site_of(id))
	f := object.union(lib.at(site_of(id), "id"), {
		"msg": sprintf("site %s of %s has no lat and lon, so the %v km between main backup %s and production %s, required %s, cannot be checked: add the site's coordinates in decimal degrees", [site_of(id).id, id, min_distance.value, bid, pid, min_distance.note]),
		"subject": sprintf("%s/%s/distance", [bid, pid]),
	})
}

deny contains f if {
	other_provider.value == true
	some pid, bids in lib.backups_of
	lib.asset_by_id[pid].role == "production"
	providers := {lib.placement[x].provider | some x in bids | {pid}}
	count(providers) == 1
	some p in providers
	f := object.union(lib.where(lib.asset_by_id[pid]), {
		"msg": sprintf("production %s and all its backups (%s) are with provider %s: one incident there takes every copy; keep a backup with another provider %s", [pid, concat(", ", sort(bids)), p, other_provider.note]),
		"subject": sprintf("%s/provider", [pid]),
	})
}
