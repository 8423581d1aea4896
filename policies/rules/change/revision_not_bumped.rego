# METADATA
# title: Approved document changed without a new revision
# description: |
#   Each approved revision must be identifiable: a reader, an auditor and
#   the change history all rely on the revision to tell versions apart. A
#   change to the content of an approved document that keeps its revision
#   makes two different texts carry the same approved number.
# custom:
#   id: change.revision-not-bumped
#   severity: major
#   fix: revision-bump
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.2]
#   phase: review
package qmslint.rules.change.revision_not_bumped

import data.qmslint.rules.change.lib

deny contains f if {
	some c in lib.change.changed
	c.status == "changed"
	c.content_changed
	not c.revision_bumped
	c.status_before == "approved"
	f := object.union(lib.at(c, "revision"), {
		"msg": sprintf("%s changed since %s but its revision is still %s: raise the revision and record what changed, so the approved versions stay distinguishable", [lib.name(c), lib.change.base.ref, c.revision_after]),
		"subject": c.id,
	})
}
