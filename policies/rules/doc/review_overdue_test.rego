package qmslint.rules.doc.review_overdue_test

import data.qmslint.rules.doc.review_overdue as rule

doc(extra) := object.union({"id": "SOP-1", "kind": "procedure", "title": "T", "status": "approved", "file": "a.md", "line": 1, "pointer": ""}, extra)

test_overdue_by_own_interval if {
	fs := rule.deny with input as {"date": "2026-11-24", "config": {"rules": {}}, "documents": [doc({"review": {"interval_months": 6, "last": "2026-01-12"}})]}
	count(fs) == 1
	some f in fs
	contains(f.msg, "2026-07-12")
	f.pointer == "/review/last"
}

test_due_today_is_not_overdue if {
	count(rule.deny) == 0 with input as {"date": "2026-07-12", "config": {"rules": {}}, "documents": [doc({"review": {"interval_months": 6, "last": "2026-01-12"}})]}
}

test_default_interval_from_last_approval if {
	count(rule.deny) == 1 with input as {"date": "2026-11-24", "config": {"rules": {}}, "documents": [doc({"approvals": [{"by": "a", "date": "2025-01-02"}, {"by": "b", "date": "2025-06-01"}]})]}
	count(rule.deny) == 0 with input as {"date": "2026-05-31", "config": {"rules": {}}, "documents": [doc({"approvals": [{"by": "a", "date": "2025-01-02"}, {"by": "b", "date": "2025-06-01"}]})]}
}

test_configured_default_interval if {
	count(rule.deny) == 0 with input as {"date": "2026-11-24", "config": {"rules": {"doc.review-overdue": {"default_interval_months": 24}}}, "documents": [doc({"approvals": [{"by": "a", "date": "2025-06-01"}]})]}
}

test_drafts_are_not_reviewed if {
	count(rule.deny) == 0 with input as {"date": "2026-11-24", "config": {"rules": {}}, "documents": [doc({"status": "draft", "review": {"interval_months": 1, "last": "2020-01-01"}})]}
}
