# METADATA
# title: Production and all backups with one provider
# description: |
#   When production and every backup sit with one provider, that provider's
#   outage, insolvency, ransomware incident or contract dispute takes all
#   copies at once: the backups are not independent. Keep at least one
#   backup with another provider.
# custom:
#   id: supplier.single-point
#   severity: major
#   clauses: [ISO27001:A.5.30, ISO27001:A.8.14, ISO27001:A.5.23, ISO13485:7.4.1]
package qmslint.rules.supplier.single_point

import data.qmslint.lib

in_scope := object.get(lib.assets_by_role, "production", set()) | object.get(lib.assets_by_role, "backup", set())

providers := {lib.placement[id].provider | some id in in_scope}

deny contains f if {
	count(object.get(lib.assets_by_role, "production", set())) > 0
	count(providers) == 1
	some p in providers
	f := object.union(where(p), {
		"msg": sprintf("all %d production and backup assets are with provider %s: one incident at %s can take production and every copy together; add a backup with another provider", [count(in_scope), p, p]),
		"subject": p,
	})
}

where(p) := lib.where(lib.supplier_by_id[p])

where(p) := lib.where(lib.registers_of_kind("inventory")[0]) if not lib.supplier_by_id[p]
