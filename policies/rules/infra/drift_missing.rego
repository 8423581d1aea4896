# METADATA
# title: Inventory asset missing from the Terraform state
# description: |
#   An asset the inventory says Terraform runs (its terraform field names
#   a resource address) but no state .qmslint.yaml names holds: it was
#   destroyed, renamed or moved to a state nobody reads, and the checks
#   that count on it count on a record. The finding is major for a backup
#   (an asset that backs others up): a copy that may no longer exist is
#   still counted as one.
# custom:
#   id: infra.drift-missing
#   severity: minor
#   clauses: [ISO27001:A.5.9, ISO27001:A.8.9, ISO27001:A.8.13, ISO13485:6.3]
package qmslint.rules.infra.drift_missing

import data.qmslint.lib

files := concat(", ", sort([r.file | some r in lib.state_registers]))

deny contains f if {
	count(lib.state_registers) > 0
	some h in lib.hand_assets
	is_string(h.terraform)
	not lib.state_asset_by_address[h.terraform]
	[severity, why] := grade(h)
	f := object.union(lib.at(h, "terraform"), {
		"msg": sprintf("asset %s names the Terraform resource %s, which no state read holds (%s)%s: correct the address, add the state that holds it to terraform.states in .qmslint.yaml, or remove the asset if it is gone", [h.id, h.terraform, files, why]),
		"subject": h.id,
		"severity": severity,
	})
}

grade(h) := ["major", sprintf("; it is counted as a backup of %s", [concat(", ", h.backs_up)])] if {
	count(object.get(h, "backs_up", [])) > 0
} else := ["minor", ""]
