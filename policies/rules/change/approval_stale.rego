# METADATA
# title: Changed document has no approval of the change
# description: |
#   Changes to documents must be reviewed and approved before they are
#   used. A document that claims to be approved after its content changed,
#   with no new approval dated on or after the change, presents text that
#   nobody approved.
# custom:
#   id: change.approval-stale
#   severity: major
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.2]
#   phase: review
package qmslint.rules.change.approval_stale

import data.qmslint.rules.change.lib

deny contains f if {
	some c in lib.change.changed
	c.status in {"changed", "added"}
	c.content_changed
	c.status_after == "approved"
	day := lib.changed_on(c)
	fresh := [a | some a in lib.new_approvals(c.id); a.date >= day]
	count(fresh) == 0
	f := object.union(lib.at(c, "approvals"), {
		"msg": sprintf("%s is marked approved, but its content changed on %s and it has no new approval dated on or after that day: have the change approved and add the approval, or set status: draft until it is", [lib.name(c), day]),
		"subject": c.id,
	})
}
