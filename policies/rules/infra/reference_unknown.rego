# METADATA
# title: Inventory or plan names something that does not exist
# description: |
#   The inventory is the map every resilience check reads. An asset whose
#   site, backup target or monitor is misspelt silently drops out of those
#   checks, and a recovery scenario that loses an unknown location plans
#   for nothing. Every site, backs_up, monitored_by and scenario lost entry
#   must name an existing asset, site, building or campus.
# custom:
#   id: infra.reference-unknown
#   severity: major
#   clauses: [ISO27001:A.5.9, ISO27001:A.5.30, ISO13485:6.3]
package qmslint.rules.infra.reference_unknown

import data.qmslint.lib

deny contains f if {
	some a in lib.asset_by_id
	not lib.site_by_id[a.site]
	f := object.union(lib.at(a, "site"), {
		"msg": sprintf("asset %s is at site %q, which is not a site of any inventory: add the site or fix the id", [a.id, a.site]),
		"subject": sprintf("%s/%s", [a.id, a.site]),
	})
}

deny contains f if {
	some a in lib.asset_by_id
	some field in ["backs_up", "monitored_by"]
	some i, ref in object.get(a, field, [])
	not lib.asset_by_id[ref]
	f := object.union(lib.at(a, sprintf("%s/%d", [field, i])), {
		"msg": sprintf("asset %s lists %q in %s, which is not an asset of any inventory: add the asset or fix the id", [a.id, ref, field]),
		"subject": sprintf("%s/%s/%s", [a.id, field, ref]),
	})
}

deny contains f if {
	some s in lib.scenarios
	some i, x in s.lost
	not x in lib.locations
	f := object.union(lib.at(s, sprintf("lost/%d", [i])), {
		"msg": sprintf("scenario %s of %s loses %q, which is not an asset, site, building or campus of any inventory, so the scenario covers nothing there: fix the id", [s.id, s.plan, x]),
		"subject": sprintf("%s/%s/%s", [s.plan, s.id, x]),
	})
}

deny contains f if {
	some s in lib.scenarios
	some i, x in object.get(s, "restore_from", [])
	not lib.backup_by_id[x]
	f := object.union(lib.at(s, sprintf("restore_from/%d", [i])), {
		"msg": sprintf("scenario %s of %s restores from %q, which is not an asset of any inventory that backs something up: name a backup (an asset with backs_up) or fix the id", [s.id, s.plan, x]),
		"subject": sprintf("%s/%s/restore_from/%s", [s.plan, s.id, x]),
	})
}
