# METADATA
# title: CAPA names something that does not exist
# description: |
#   A CAPA links a nonconformity to the risks it touches and the documents it
#   changes; a link to a risk or document that is not in the repository
#   breaks that trail, and the risk's history or the document's change
#   record will not show the CAPA.
# custom:
#   id: capa.reference-unknown
#   severity: minor
#   clauses: [ISO13485:8.5.2, ISO13485:4.2.5, ISO27001:10.2]
package qmslint.rules.capa.reference_unknown

import data.qmslint.lib
import data.qmslint.rules.capa.records

deny contains f if {
	some c in records.capas
	some i, r in object.get(c, "risks", [])
	not r in records.risk_ids
	f := object.union(lib.at(c, sprintf("risks/%d", [i])), {
		"msg": sprintf("%s names risk %q, which is not in any risk register: fix the id or add the risk to the register", [records.name(c), r]),
		"subject": sprintf("%s/%s", [c.id, r]),
	})
}

deny contains f if {
	some c in records.capas
	some i, r in object.get(c, "references", [])
	not r in lib.ids
	f := object.union(lib.at(c, sprintf("references/%d", [i])), {
		"msg": sprintf("%s refers to %q, which is not the id of any document, register or item in the repository: fix the id or remove the reference", [records.name(c), r]),
		"subject": sprintf("%s/%s", [c.id, r]),
	})
}

deny contains f if {
	some c in records.capas
	fu := c.effectiveness.follow_up
	is_string(fu)
	not records.capa_by_id[fu]
	f := object.union(lib.at(c, "effectiveness/follow_up"), {
		"msg": sprintf("%s names follow-up CAPA %q, which is not a CAPA record in the repository: fix the id or add the CAPA", [records.name(c), fu]),
		"subject": sprintf("%s/%s", [c.id, fu]),
	})
}
