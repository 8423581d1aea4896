# METADATA
# title: Backup target moved or changed in the Terraform state
# description: |
#   A backup's place is what makes it a backup: in another building than
#   what it copies. When the Terraform state puts a backup's resource in
#   another building (or campus) than the inventory, or tags it as
#   backing up other assets than the inventory lists, the checks that
#   found the copies safely apart, and the recovery plan that restores
#   from them, rest on a backup that is no longer there.
# custom:
#   id: infra.drift-backup-moved
#   severity: major
#   clauses: [ISO27001:A.8.13, ISO27001:A.5.9, ISO27001:A.5.30, ISO13485:6.3]
package qmslint.rules.infra.drift_backup_moved

import data.qmslint.lib

deny contains f if {
	some h in lib.hand_assets
	count(object.get(h, "backs_up", [])) > 0
	[said, found, s] := lib.state_drift(h)
	f := object.union(lib.at(h, "site"), {
		"msg": sprintf("backup %s of %s is in %s by the inventory, but the Terraform state %s puts its resource %s in %s: the copies were judged apart where they may not be; correct the inventory's site, and re-check that the backup is in another building than %s", [h.id, concat(", ", h.backs_up), said, s.file, s.address, found, concat(", ", h.backs_up)]),
		"subject": h.id,
	})
}

deny contains f if {
	some h in lib.hand_assets
	count(object.get(h, "backs_up", [])) > 0
	s := lib.state_twin(h)
	count(object.get(s, "backs_up", [])) > 0
	{x | some x in h.backs_up} != {x | some x in s.backs_up}
	f := object.union(lib.at(h, "backs_up"), {
		"msg": sprintf("backup %s backs up %s by the inventory, but %s %s in the Terraform state %s is tagged as backing up %s: make the two agree, so that the copies counted are the copies made", [h.id, concat(", ", sort(h.backs_up)), s.class, s.address, s.file, concat(", ", sort(s.backs_up))]),
		"subject": sprintf("%s/backs_up", [h.id]),
	})
}
