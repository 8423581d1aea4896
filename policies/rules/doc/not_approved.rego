# METADATA
# title: Document released without a dated approval
# description: |
#   A document marked approved, or given an effective date, must show who
#   approved it and when. Without a dated approval there is no evidence
#   that it was reviewed for adequacy before issue.
# custom:
#   id: doc.not-approved
#   severity: major
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
#   scope: document
package qmslint.rules.doc.not_approved

import data.qmslint.lib

released(d) := "status: approved" if {
	d.status == "approved"
} else := sprintf("effective: %s", [d.effective]) if {
	d.effective
}

# Nearly every document's first approval is dated and signed, which
# settles it: two lookups, where dated_approval is a call that searches. A
# document's release is looked at only when it has no dated approval.
deny contains f if {
	some d in lib.documents
	[is_string(object.get(d, ["approvals", 0, "date"], null)), is_string(object.get(d, ["approvals", 0, "by"], null))] != [true, true]
	not dated_approval(d)
	why := released(d)
	f := object.union(lib.at(d, "status"), {
		"msg": sprintf("%s is released (%s) but has no dated approval: add approvals: [{by: ..., role: ..., date: YYYY-MM-DD}]", [lib.name(d), why]),
		"subject": d.id,
	})
}

dated_approval(d) if {
	some a in d.approvals
	is_string(a.date)
	is_string(a.by)
}
