# METADATA
# title: Restoring one building's customers takes longer than promised
# description: |
#   Losing a building cuts off every customer of the production systems in
#   it, and their data has to come back together, not one system at a
#   time. Each lost production asset is restored from its fastest backup
#   outside the building (data_gb × 8,000 megabits ÷ restore_mbps), the
#   largest first, restore_parallelism at a time (the plan's parameters,
#   else .qmslint.yaml, else 1), and, when restore_bandwidth_mbps is
#   stated, no faster together than that measured bandwidth. An asset's
#   customers are back when it is. Each customer with its own sla_hours
#   (customers: [{id, sla_hours}] on the asset) must be back within it;
#   every customer, and the whole building, within the rto_hours of the
#   plan's scenario that loses the building. A lost asset with customers
#   and no surviving measured backup cannot be restored in time at all.
# custom:
#   id: infra.building-restore-exceeds-rto
#   severity: major
#   clauses: [ISO27001:A.5.30, ISO27001:A.8.13, ISO27001:A.8.14, ISO13485:6.3, ISO13485:7.5.10]
#   params:
#     restore_parallelism: 1
#     restore_bandwidth_mbps: 0
package qmslint.rules.infra.building_restore

import data.qmslint.lib

rule_id := "infra.building-restore-exceeds-rto"

parallelism := lib.threshold(rule_id, "restore_parallelism", "restore_parallelism", 1)

bandwidth := lib.threshold(rule_id, "restore_bandwidth_mbps", "restore_bandwidth_mbps", 0)

# The customers an asset serves, as [{id, sla_hours?}]; a bare count
# names none.
named_customers(a) := [c |
	some x in object.get(a, "customers", [])
	c := customer(x)
]

customer(x) := {"id": x} if is_string(x)

customer(x) := x if {
	is_object(x)
	is_string(x.id)
}

customer_count(a) := a.customers if is_number(a.customers)

else := count(named_customers(a))

# The smallest rto_hours of the scenarios in force that lose building b.
building_rto(b) := min(rtos) if {
	rtos := {s.rto_hours | some s in lib.scenarios; b in s.lost; is_number(s.rto_hours)}
	count(rtos) > 0
}

# [restore_mbps, backup] of pid's fastest backup outside lost.
fastest_backup(pid, lost) := [best, from] if {
	rates := {[m, bid] | some bid in object.get(lib.backups_of, pid, set()) - lost; m := lib.asset_by_id[bid].restore_mbps; is_number(m); m > 0}
	count(rates) > 0
	best := max({r[0] | some r in rates})
	from := sort([r[1] | some r in rates; r[0] == best])[0]
}

# [hours, backup] restoring pid from its fastest backup outside lost.
restore_time(pid, lost) := [((gb * 8000) / f[0]) / 3600, f[1]] if {
	gb := lib.asset_by_id[pid].data_gb
	is_number(gb)
	f := fastest_backup(pid, lost)
}

# The restores of building b, largest first, each with when it is done:
# the later of its own time and the share of the time of every restore up
# to it that the parallel streams (and the bandwidth) allow.
schedule(b) := [r |
	lost := lib.assets_by_building[b]
	rs := [[0 - t[0], pid, t] |
		some pid in lost & object.get(lib.assets_by_role, "production", set())
		object.get(lib.asset_by_id[pid], "data_gb", 0) > 0
		t := restore_time(pid, lost)
	]
	ordered := sort(rs)
	some k, x in ordered
	before := [y[2][0] | some j, y in ordered; j <= k]
	gb_before := sum([lib.asset_by_id[y[1]].data_gb | some j, y in ordered; j <= k])
	done := max({x[2][0], sum(before) / parallelism.value, by_bandwidth(gb_before)})
	r := {"asset": x[1], "from": x[2][1], "hours": x[2][0], "done": done}
]

by_bandwidth(gb) := ((gb * 8000) / bandwidth.value) / 3600 if bandwidth.value > 0

else := 0

# Lost production assets with customers that no surviving measured backup
# can bring back. An asset without data_gb is not among them:
# infra.building-restore-unknown says its time cannot be judged.
unrestorable(b) := sort([pid |
	lost := lib.assets_by_building[b]
	some pid in lost & object.get(lib.assets_by_role, "production", set())
	customer_count(lib.asset_by_id[pid]) > 0
	not fastest_backup(pid, lost)
])

late(b) := array.concat(
	[sprintf("%s (SLA %v h, back after %v h)", [c.id, c.sla_hours, h(r.done)]) |
		some r in schedule(b)
		some c in named_customers(lib.asset_by_id[r.asset])
		is_number(c.sla_hours)
		r.done > c.sla_hours
	],
	[sprintf("the customers of %s (back after %v h)", [r.asset, h(r.done)]) |
		rto := building_rto(b)
		some r in schedule(b)
		r.done > rto
	],
)

h(x) := round(x * 10) / 10

deny contains f if {
	some b, sites in lib.sites_of_building
	reasons := array.concat(late(b), [sprintf("%s, which no surviving backup with a measured restore_mbps holds", [p]) | some p in unrestorable(b)])
	count(reasons) > 0
	lost := lib.assets_by_building[b] & object.get(lib.assets_by_role, "production", set())
	customers := sum([customer_count(lib.asset_by_id[p]) | some p in lost])
	gb := sum([object.get(lib.asset_by_id[p], "data_gb", 0) | some p in lost])
	total := max({0} | {r.done | some r in schedule(b)})
	f := object.union(lib.at(lib.site_by_id[sites[0]], "building"), {
		"msg": sprintf("losing building %s cuts off %v customer(s) of %s and leaves %v GB to restore, %v h at %v restore(s) at a time %s%s%s; late: %s; add faster or parallel restores, move production apart, or agree the times with the customers", [b, customers, concat(", ", sort(lost)), gb, h(total), parallelism.value, parallelism.note, bandwidth_note, rto_note(b), concat("; ", reasons)]),
		"subject": b,
	})
}

bandwidth_note := sprintf(", within %v Mbit/s together %s", [bandwidth.value, bandwidth.note]) if bandwidth.value > 0

else := ""

rto_note(b) := sprintf(", against an RTO of %v h", [building_rto(b)]) if building_rto(b)

else := ""
