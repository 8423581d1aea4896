# METADATA
# title: Recovery time objective cannot be met
# description: |
#   A recovery time objective is a promise only if the data can be moved
#   back in time. For each scenario, every production asset it loses is
#   restored from its fastest surviving backup over one restore stream
#   (data_gb × 8,000 megabits ÷ restore_mbps); if that takes longer than
#   the scenario's rto_hours, the plan promises what the infrastructure
#   cannot deliver. A lost production asset with no surviving backup, or
#   none with a measured restore_mbps, cannot be shown to meet it either.
# custom:
#   id: infra.rto-infeasible
#   severity: major
#   clauses: [ISO27001:A.5.30, ISO27001:A.8.13, ISO27001:A.8.14, ISO13485:6.3]
package qmslint.rules.infra.rto_infeasible

import data.qmslint.lib

# Hours to restore gb gigabytes at mbps megabits per second.
hours(gb, mbps) := ((gb * 8000) / mbps) / 3600

# What goes wrong restoring pid in scenario s, as [hours, message]; hours is
# a sort key (infinite when it cannot be restored at all).
shortfall(s, pid, lost) := [1e9, sprintf("no backup of %s survives it", [pid])] if {
	count(object.get(lib.backups_of, pid, set()) - lost) == 0
}

shortfall(s, pid, lost) := [1e9, sprintf("no surviving backup of %s (%s) has a measured restore_mbps", [pid, concat(", ", sort(survivors))])] if {
	survivors := object.get(lib.backups_of, pid, set()) - lost
	count(survivors) > 0
	count(rated(survivors)) == 0
}

shortfall(s, pid, lost) := [h, msg] if {
	rates := rated(survivors(pid, lost))
	count(rates) > 0
	best := max({r[0] | some r in rates})
	from := sort([r[1] | some r in rates; r[0] == best])[0]
	gb := lib.asset_by_id[pid].data_gb
	h := hours(gb, best)
	h > s.rto_hours
	msg := sprintf("restoring %s (%v GB) from its fastest surviving backup %s at %v Mbit/s takes %v h (%v GB × 8,000 Mbit/GB ÷ %v Mbit/s)", [pid, gb, from, best, round(h * 10) / 10, gb, best])
}

survivors(pid, lost) := object.get(lib.backups_of, pid, set()) - lost

rated(bids) := {[m, bid] | some bid in bids; m := lib.asset_by_id[bid].restore_mbps; is_number(m); m > 0}

deny contains f if {
	some i, s in lib.scenarios
	is_number(s.rto_hours)
	lost := lib.scenario_losses[i]
	problems := [p |
		some pid in lost & lib.assets_by_role.production
		object.get(lib.asset_by_id[pid], "data_gb", 0) > 0
		p := shortfall(s, pid, lost)
	]
	count(problems) > 0
	worst := sort(problems)[count(problems) - 1]
	f := object.union(lib.at(s, "rto_hours"), {
		"msg": sprintf("scenario %s (%s) of %s promises recovery within %v h, but %s%s: add a faster or closer backup, measure restore_mbps again, or set an RTO the infrastructure can meet", [s.id, s.title, s.plan, s.rto_hours, worst[1], others(count(problems))]),
		# Scenario ids are unique within a plan, not across plans.
		"subject": sprintf("%s/%s", [s.plan, s.id]),
	})
}

others(n) := "" if n == 1

others(n) := sprintf(" (and %d other production asset(s) lost in it cannot be restored in time either)", [n - 1]) if n > 1
