# METADATA
# title: Production system without monitoring
# description: |
#   A production system nobody monitors fails silently: customers notice
#   before the organisation does, and the time to recover starts late. Each
#   production asset names the assets that monitor it in monitored_by.
# custom:
#   id: infra.monitoring-missing
#   severity: major
#   clauses: [ISO27001:A.8.16, ISO13485:6.3]
package qmslint.rules.infra.monitoring_missing

import data.qmslint.lib

deny contains f if {
	some pid in lib.assets_by_role.production
	a := lib.asset_by_id[pid]
	count(object.get(a, "monitored_by", [])) == 0
	f := object.union(lib.where(a), {
		"msg": sprintf("production %s has no monitoring: add monitored_by: [the id of the monitoring asset that alerts on it]", [pid]),
		"subject": pid,
	})
}
