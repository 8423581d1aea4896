package qmslint.rules.doc.not_approved_test

import data.qmslint.rules.doc.not_approved as rule

doc(extra) := object.union({"id": "SOP-1", "kind": "procedure", "title": "T", "file": "a.md", "line": 1, "pointer": ""}, extra)

test_approved_without_approvals if {
	fs := rule.deny with input as {"documents": [doc({"status": "approved"})]}
	count(fs) == 1
	some f in fs
	f.pointer == "/status"
}

test_effective_draft_without_approvals if {
	count(rule.deny) == 1 with input as {"documents": [doc({"status": "draft", "effective": "2026-01-01"})]}
}

test_approval_without_date if {
	count(rule.deny) == 1 with input as {"documents": [doc({"status": "approved", "approvals": [{"by": "ann"}]})]}
}

test_approved_with_dated_approval_passes if {
	count(rule.deny) == 0 with input as {"documents": [doc({"status": "approved", "approvals": [{"by": "ann", "date": "2026-01-12"}]})]}
}

test_draft_passes if {
	count(rule.deny) == 0 with input as {"documents": [doc({"status": "draft"})]}
}

test_capa_records_are_not_controlled_documents if {
	count(rule.deny) == 0 with input as {"documents": [doc({"kind": "capa", "status": "approved"})]}
}

# The first approval settles most documents; a dated approval further down
# the list counts as well.
test_later_dated_approval_passes if {
	count(rule.deny) == 0 with input as {"documents": [doc({"status": "approved", "approvals": [{"by": "ann"}, {"by": "bob", "date": "2026-01-12"}]})]}
	count(rule.deny) == 0 with input as {"documents": [doc({"status": "approved", "approvals": [{"date": "2026-01-12"}, {"by": "bob", "date": "2026-01-12"}]})]}
}

test_unsigned_dated_approval_is_not_enough if {
	count(rule.deny) == 1 with input as {"documents": [doc({"status": "approved", "approvals": [{"date": "2026-01-12"}, {"role": "CEO"}]})]}
}
