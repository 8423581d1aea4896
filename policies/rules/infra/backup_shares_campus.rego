# METADATA
# title: Backup on the same datacenter campus as the production system
# description: |
#   Buildings of one campus share power feeds, network uplinks, staff and
#   often the fire that spreads from one hall to the next. A backup in
#   another building of the production system's campus survives a server
#   failure but not a site-wide incident; keep at least one copy elsewhere.
# custom:
#   id: infra.backup-shares-campus
#   severity: minor
#   clauses: [ISO27001:A.8.13, ISO27001:A.5.30, ISO27001:A.7.5, ISO13485:7.5.10, ISO13485:6.3]
package qmslint.rules.infra.backup_shares_campus

import data.qmslint.lib

deny contains f if {
	some b in lib.backup_by_id
	some pid in b.backs_up
	p := lib.asset_by_id[pid]
	p.role == "production"
	bp := lib.placement[b.id]
	pp := lib.placement[pid]
	bp.campus != ""
	bp.campus == pp.campus
	bp.building != pp.building
	f := object.union(lib.at(b, "site"), {
		"msg": sprintf("backup %s (building %s) is on campus %s, like production %s (building %s), which it backs up: a campus-wide outage or fire takes both; keep at least one copy of %s on another campus", [b.id, bp.building, bp.campus, pid, pp.building, pid]),
		"subject": sprintf("%s/%s", [b.id, pid]),
	})
}
