# METADATA
# title: Changed document takes effect before it is approved
# description: |
#   A revision may only be used once it is approved. An effective date
#   earlier than the latest approval means the document was in force for
#   a time without approval.
# custom:
#   id: change.effective-before-approval
#   severity: major
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
#   phase: review
package qmslint.rules.change.effective_before_approval

import data.qmslint.rules.change.lib

deny contains f if {
	some c in lib.change.changed
	c.status in {"changed", "added"}
	d := lib.head_item(c.id)
	is_string(d.effective)
	approved := lib.latest_approval(d)
	d.effective < approved
	f := object.union(lib.at(c, "effective"), {
		"msg": sprintf("%s is effective from %s, before its latest approval on %s: set effective to %s or later", [lib.name(c), d.effective, approved, approved]),
		"subject": c.id,
	})
}
