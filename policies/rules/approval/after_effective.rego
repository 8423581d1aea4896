# METADATA
# title: Approval dated after the document took effect
# description: |
#   A revision may be used only once it is approved. An approval dated
#   after the effective date means the text was in force, for a time,
#   without that approval.
# custom:
#   id: approval.after-effective
#   severity: major
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
#   scope: document
package qmslint.rules.approval.after_effective

import data.qmslint.lib

deny contains f if {
	some d in lib.approved_items
	is_string(d.effective)
	some a in d.approvals

	# The comparison first: approvals nearly always precede the effective
	# date, and the type tests need only look at the few that do not.
	a.date > d.effective
	is_object(a)
	is_string(a.date)
	a.date <= input.date
	f := object.union(lib.at(a, "date"), {
		"msg": sprintf("%s took effect on %s, but %v approved it on %s: set effective to %s or later, or correct the approval date", [lib.name(d), d.effective, object.get(a, "by", "someone"), a.date, a.date]),
		"subject": sprintf("%s/%v", [d.id, object.get(a, "by", a.date)]),
	})
}
