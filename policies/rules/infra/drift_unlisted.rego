# METADATA
# title: Resource in the Terraform state missing from the inventory
# description: |
#   The inventory is the map the backup, monitoring and recovery checks
#   and the disaster recovery plan read. A server, volume, database,
#   bucket or backup store that Terraform runs but the hand-kept inventory
#   does not list is infrastructure nobody has placed, backed up or
#   planned for: the drift that let a monitoring change go unrecorded
#   before the datacenter fire. Applies only where an inventory is kept by
#   hand besides the states .qmslint.yaml names (terraform.states); a
#   resource counts as listed when an asset has its id or names its
#   address in terraform.
# custom:
#   id: infra.drift-unlisted
#   severity: minor
#   clauses: [ISO27001:A.5.9, ISO27001:A.8.9, ISO13485:6.3]
package qmslint.rules.infra.drift_unlisted

import data.qmslint.lib

deny contains f if {
	lib.hand_kept
	some a in lib.state_assets
	not lib.state_claimed(a)
	f := object.union(lib.where(a), {
		"msg": sprintf("%s %s is in the Terraform state %s (at %s) but not in the inventory %s, so no backup, monitoring or recovery check covers it: add an asset with terraform: %s, or tag the resource with the id of the asset it is", [a.class, a.address, a.file, object.get(a, "site", "no known location"), lib.hand_file, a.address]),
		"subject": a.address,
	})
}
