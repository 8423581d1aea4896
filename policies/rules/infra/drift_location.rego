# METADATA
# title: Inventory and Terraform state place an asset differently
# description: |
#   The building checks (a backup in the production building, a monitor
#   next to what it watches, a recovery scenario per building) judge the
#   inventory. When the Terraform state puts the asset's resource in
#   another building, or another campus where it knows no building, they
#   judge a place the asset is not. Buildings are compared by name: the
#   inventory's and the location table's must agree. A backup that moved
#   is infra.drift-backup-moved.
# custom:
#   id: infra.drift-location
#   severity: minor
#   clauses: [ISO27001:A.5.9, ISO27001:A.8.9, ISO13485:6.3]
package qmslint.rules.infra.drift_location

import data.qmslint.lib

deny contains f if {
	some h in lib.hand_assets
	count(object.get(h, "backs_up", [])) == 0
	[said, found, s] := lib.state_drift(h)
	f := object.union(lib.at(h, "site"), {
		"msg": sprintf("asset %s is in %s by the inventory, but the Terraform state %s puts its resource %s in %s: every building check judged the wrong place; correct the inventory's site, or move the resource back", [h.id, said, s.file, s.address, found]),
		"subject": h.id,
	})
}
