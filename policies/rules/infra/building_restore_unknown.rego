# METADATA
# title: A building's restore time cannot be judged without data volumes
# description: |
#   infra.building-restore-exceeds-rto times each lost production asset by
#   its data_gb: an asset without one is not in the schedule at all, as if
#   it came back at once, so the building may pass its RTO on paper and
#   miss it on the day. Where the building has something to judge against
#   (a scenario of the plan that loses it with an rto_hours, or customers
#   of its production assets), every production asset in it needs a
#   data_gb in the inventory (0 for one that holds no data). A Terraform
#   state does not say data volumes: state them in the hand-kept inventory.
# custom:
#   id: infra.building-restore-unknown
#   severity: observation
#   clauses: [ISO27001:A.5.30, ISO27001:A.8.13, ISO13485:6.3]
package qmslint.rules.infra.building_restore_unknown

import data.qmslint.lib
import data.qmslint.rules.infra.building_restore as restore

production(b) := lib.assets_by_building[b] & object.get(lib.assets_by_role, "production", set())

# The production assets of building b with no data volume.
unknown(b) := sort([pid |
	some pid in production(b)
	not is_number(object.get(lib.asset_by_id[pid], "data_gb", null))
])

judged(b) if restore.building_rto(b)

judged(b) if sum([restore.customer_count(lib.asset_by_id[p]) | some p in production(b)]) > 0

deny contains f if {
	some b, sites in lib.sites_of_building
	missing := unknown(b)
	count(missing) > 0
	judged(b)
	f := object.union(lib.at(lib.site_by_id[sites[0]], "building"), {
		"msg": sprintf("how long restoring building %s takes cannot be judged: production asset(s) %s have no data_gb, so the restore schedule counts them as back at once%s; state each one's data volume (data_gb, in GB; 0 if it holds no data) in the inventory", [b, concat(", ", missing), rto_note(b)]),
		"subject": b,
	})
}

rto_note(b) := sprintf(" (the building's RTO is %v h)", [restore.building_rto(b)]) if restore.building_rto(b)

else := ""
