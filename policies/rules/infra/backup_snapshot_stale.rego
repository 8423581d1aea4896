# METADATA
# title: Last backup snapshot older than the recovery point objective
# description: |
#   The recovery point objective says how much data the company may lose;
#   the backup tool says how old the newest copy really is. For every
#   backup target with backup evidence (a backup-evidence source naming
#   its restic, borg or pgbackrest output), the newest snapshot must be no
#   older than the smallest rpo_hours of the scenarios in force that lose
#   an asset it backs up and leave it standing; without such a scenario,
#   max_age_hours applies (the backup procedure's backup_max_age_hours,
#   else .qmslint.yaml, else 24). Ages are taken at the start of --date
#   in UTC; snapshots of that day count as current. A repository with no
#   snapshot at all is a finding too.
# custom:
#   id: infra.backup-snapshot-stale
#   severity: major
#   clauses: [ISO27001:A.8.13, ISO27001:A.5.30, ISO13485:6.3]
#   params:
#     max_age_hours: 24
package qmslint.rules.infra.backup_snapshot_stale

import data.qmslint.lib

fallback := lib.threshold("infra.backup-snapshot-stale", "max_age_hours", "backup_max_age_hours", 24)

# [hours, why] the target's newest snapshot may be old.
rpo(t) := [h, sprintf("the recovery point objective of %s%s", [sort(named)[0], more(count(named))])] if {
	backed := {x | some x in object.get(object.get(lib.asset_by_id, t, {}), "backs_up", [])}
	pairs := [[s.rpo_hours, sprintf("%s/%s (%v h)", [s.plan, s.id, s.rpo_hours])] |
		some i, s in lib.scenarios
		is_number(s.rpo_hours)
		lost := lib.scenario_losses[i]
		count(lost & backed) > 0
		not t in lost
	]
	count(pairs) > 0
	h := min({p[0] | some p in pairs})
	named := {p[1] | some p in pairs; p[0] == h}
} else := [fallback.value, sprintf("the %v h no scenario's rpo_hours overrides, %s", [fallback.value, fallback.note])]

more(1) := ""

more(n) := sprintf(" and %d other scenario(s)", [n - 1]) if n > 1

deny contains f if {
	some t, snaps in lib.snapshots_of
	count(snaps) == 0
	src := lib.evidence_source_of[t]
	f := object.union(lib.at(src, "path"), {
		"msg": sprintf("the %s repository of backup %s (%s) holds no snapshot taken by %s: nothing can be restored from it; check that the backup job runs and writes to this repository, then capture its output again", [src.tool, t, src.path, input.date]),
		"subject": t,
	})
}

deny contains f if {
	some t, last in lib.last_snapshot
	[limit, why] := rpo(t)
	age := lib.hours_before_today(last.time_ns)
	age > limit
	src := lib.evidence_source_of[t]
	f := object.union(lib.at(src, "path"), {
		"msg": sprintf("the newest snapshot of backup %s is %s of %s (%s, %s), %v h old at the start of %s, beyond %s: losing production now would lose more data than the plan allows; fix the backup job (or the RPO), then capture the tool's output again", [t, last.short_id, last.time, last.tool, last.path, round(age * 10) / 10, input.date, why]),
		"subject": t,
	})
}
