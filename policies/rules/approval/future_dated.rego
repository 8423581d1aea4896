# METADATA
# title: Approval dated in the future
# description: |
#   An approval records that someone reviewed the text and found it
#   adequate. One dated after today has not happened yet: the document is
#   released on a promise.
# custom:
#   id: approval.future-dated
#   severity: major
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
#   scope: document
package qmslint.rules.approval.future_dated

import data.qmslint.lib

deny contains f if {
	some d in lib.approved_items
	some a in d.approvals

	# The comparison first: it fails for nearly every approval, and for
	# whatever is not a dated approval, which the type tests after it then
	# need not look at (only an array or object sorts after a string).
	a.date > input.date
	is_object(a)
	is_string(a.date)
	f := object.union(lib.at(a, "date"), {
		"msg": sprintf("%s has an approval by %v dated %s, after today (%s): date it when it is given", [lib.name(d), object.get(a, "by", "someone"), a.date, input.date]),
		"subject": sprintf("%s/%v", [d.id, object.get(a, "by", a.date)]),
	})
}
