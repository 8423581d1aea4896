# METADATA
# title: CAPA closed without a root cause
# description: |
#   A corrective action is meant to remove the cause of a nonconformity so
#   that it does not happen again; a CAPA closed without saying what that
#   cause was cannot show that its actions addressed it, and the same
#   problem will come back.
# custom:
#   id: capa.root-cause-missing
#   severity: major
#   clauses: [ISO13485:8.5.2, ISO27001:10.2]
package qmslint.rules.capa.root_cause_missing

import data.qmslint.lib
import data.qmslint.rules.capa.records

deny contains f if {
	some c in records.closed_capas
	not stated(c)
	f := object.union(lib.where(c), {
		"msg": sprintf("%s is closed but states no root_cause: record the cause the investigation found (why it happened, not what happened) before closing, or reopen the CAPA", [records.name(c)]),
		"subject": c.id,
	})
}

# An empty "root_cause:" in YAML is null, not "", so both count as unstated.
stated(c) if trim_space(c.root_cause) != ""
