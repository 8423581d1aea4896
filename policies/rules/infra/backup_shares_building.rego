# METADATA
# title: Backup in the same building as the production system it copies
# description: |
#   A backup kept in the building of the system it copies is lost with it
#   in a fire, flood or power failure: the one event backups exist for.
#   Buildings are compared by the building field of each asset's site.
#   The finding is major when the customers' data depends on that copy:
#   fewer other copies in other buildings, each with a passing restore
#   test within the restore-test age, than the required number of copies
#   (backup_min_copies, as infra.backup-copies-insufficient counts them),
#   or a scenario of a disaster recovery plan in force restores from it
#   (its restore_from, else its fastest surviving backup). With enough
#   independent, tested copies and no plan relying on it, it is minor.
# custom:
#   id: infra.backup-shares-building
#   severity: major
#   clauses: [ISO27001:A.8.13, ISO27001:A.5.30, ISO27001:A.7.5, ISO13485:7.5.10, ISO13485:6.3]
package qmslint.rules.infra.backup_shares_building

import data.qmslint.lib

min_copies := lib.threshold("infra.backup-copies-insufficient", "min_copies", "backup_min_copies", 2)

restore_age := lib.threshold("infra.restore-test-stale", "max_age_days", "restore_test_max_age_days", 7)

# The other backups of pid outside its building whose latest restore test
# passed within the restore-test age: the copies that would still bring
# the data back if this building burned.
tested_elsewhere(pid, bid) := {other |
	some other in object.get(lib.backups_of, pid, set())
	other != bid
	lib.placement[other].building != lib.placement[pid].building
	tested(other)
}

tested(bid) if {
	d := lib.last_pass("restore-test", bid)
	lib.days_ago(d) <= restore_age.value
	lib.latest_entry("restore-test", bid).date == d
}

# The scenarios in force that lose pid but not bid and restore pid from
# bid: by name (restore_from), or, naming none, as the fastest surviving
# backup, the one infra.rto-infeasible times the recovery with.
relying(pid, bid) := sort([sprintf("%s/%s", [s.plan, s.id]) |
	some i, s in lib.scenarios
	lost := lib.scenario_losses[i]
	pid in lost
	not bid in lost
	bid in restores_from(s, pid, lost)
])

restores_from(s, pid, lost) := {x | some x in s.restore_from} if {
	is_array(s.restore_from)
} else := {bid |
	rates := {[m, b] | some b in object.get(lib.backups_of, pid, set()) - lost; m := lib.asset_by_id[b].restore_mbps; is_number(m)}
	count(rates) > 0
	best := max({r[0] | some r in rates})
	bid := sort([r[1] | some r in rates; r[0] == best])[0]
}

# [severity, why] of one co-located copy.
grade(pid, bid) := ["major", sprintf("the disaster recovery plan restores %s from it (%s)", [pid, concat(", ", plans)])] if {
	plans := relying(pid, bid)
	count(plans) > 0
} else := ["major", sprintf("only %d other copy(ies) of %s in other buildings passed a restore test within %d days (%s), and %d are required, %s", [count(others), pid, restore_age.value, listing(others), min_copies.value, min_copies.note])] if {
	others := tested_elsewhere(pid, bid)
	count(others) < min_copies.value
} else := ["minor", sprintf("%s still has %d restore-tested copies in other buildings (%s), so this one adds no protection against the loss of the building", [pid, count(others), listing(others)])] if {
	others := tested_elsewhere(pid, bid)
}

listing(bids) := "none" if count(bids) == 0

else := concat(", ", sort(bids))

deny contains f if {
	some b in lib.backup_by_id
	some pid in b.backs_up
	p := lib.asset_by_id[pid]
	p.role == "production"
	building := lib.placement[b.id].building
	building != ""
	building == lib.placement[pid].building
	[severity, why] := grade(pid, b.id)
	f := object.union(lib.at(b, "site"), {
		"msg": sprintf("backup %s (site %s) is in building %s, the same building as production %s, which it backs up: one fire or flood there destroys both; %s; move this copy to another building, or do not count it as a backup of %s", [b.id, b.site, building, pid, why, pid]),
		"subject": sprintf("%s/%s", [b.id, pid]),
		"severity": severity,
	})
}
