# METADATA
# title: Backup in the same building as the production system it copies
# description: |
#   A backup kept in the building of the system it copies is lost with it
#   in a fire, flood or power failure: the one event backups exist for.
#   Buildings are compared by the building field of each asset's site.
# custom:
#   id: infra.backup-shares-building
#   severity: major
#   clauses: [ISO27001:A.8.13, ISO27001:A.7.5, ISO27001:A.8.14, ISO13485:6.3, ISO13485:4.2.5]
package qmslint.rules.infra.backup_shares_building

import data.qmslint.lib

deny contains f if {
	some b in lib.backup_by_id
	some pid in b.backs_up
	p := lib.asset_by_id[pid]
	p.role == "production"
	building := lib.placement[b.id].building
	building != ""
	building == lib.placement[pid].building
	f := object.union(lib.at(b, "site"), {
		"msg": sprintf("backup %s (site %s) is in building %s, the same building as production %s, which it backs up: one fire or flood there destroys both; move this copy to another building, or do not count it as a backup of %s", [b.id, b.site, building, pid, pid]),
		"subject": sprintf("%s/%s", [b.id, pid]),
	})
}
