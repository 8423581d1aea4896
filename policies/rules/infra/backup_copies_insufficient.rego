# METADATA
# title: Too few independent backups of a production system
# description: |
#   A production system needs copies that survive the loss of its building
#   and of its provider: at least min_copies backups in distinct buildings
#   other than its own, at least one of them with another provider. The
#   count comes from the backup procedure's parameters (backup_min_copies),
#   else .qmslint.yaml, else 2.
# custom:
#   id: infra.backup-copies-insufficient
#   severity: major
#   clauses: [ISO27001:A.8.13, ISO27001:A.5.30, ISO13485:7.5.10, ISO13485:6.3]
#   params:
#     min_copies: 2
package qmslint.rules.infra.backup_copies_insufficient

import data.qmslint.lib

rule_id := "infra.backup-copies-insufficient"

min_copies := lib.threshold(rule_id, "min_copies", "backup_min_copies", 2)

# The backups of an asset outside its building, by building.
elsewhere(pid) := {bid |
	some bid in object.get(lib.backups_of, pid, set())
	lib.placement[bid].building != lib.placement[pid].building
}

buildings(bids) := {lib.placement[bid].building | some bid in bids}

other_provider(pid, bids) if {
	some bid in bids
	lib.placement[bid].provider != lib.placement[pid].provider
}

problem(pid, bids) := sprintf("%d backups in other buildings are required, %s, and it has %d (%s)", [min_copies.value, min_copies.note, count(buildings(bids)), listing(bids)]) if {
	count(buildings(bids)) < min_copies.value
}

problem(pid, bids) := sprintf("at least one backup must be with a provider other than %s, and all of them are (%s)", [lib.placement[pid].provider, listing(bids)]) if {
	count(buildings(bids)) >= min_copies.value
	not other_provider(pid, bids)
}

listing(bids) := "none" if count(bids) == 0

listing(bids) := concat(", ", sort([sprintf("%s %s", [bid, where(bid)]) | some bid in bids])) if count(bids) > 0

where(id) := sprintf("in %s", [lib.placement[id].building]) if lib.placement[id].building != ""

# A site placed only by its region (a Terraform zone or bucket the location
# table knows no building of) is named by its site instead.
where(id) := sprintf("at site %s (building unknown)", [lib.placement[id].site]) if lib.placement[id].building == ""

deny contains f if {
	some pid in lib.assets_by_role.production
	lib.placement[pid]
	bids := elsewhere(pid)
	why := problem(pid, bids)
	f := object.union(lib.where(lib.asset_by_id[pid]), {
		"msg": sprintf("production %s (building %s, provider %s) is not safely backed up: %s; add backups in other buildings and with another provider, and list %s in their backs_up", [pid, lib.placement[pid].building, lib.placement[pid].provider, why, pid]),
		"subject": pid,
	})
}
