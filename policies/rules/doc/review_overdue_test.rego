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

# may_be_overdue clears a document from its review: alone only when that
# proves the review is not due; anything else is judged in full.
test_may_be_overdue if {
	cfg := {"date": "2026-11-24", "config": {"rules": {}}}
	not rule.may_be_overdue({"interval_months": 6, "last": "2026-06-01"}) with input as cfg
	not rule.may_be_overdue({"last": "2026-01-12"}) with input as cfg
	rule.may_be_overdue({"interval_months": 6, "last": "2026-01-12"}) with input as cfg
	rule.may_be_overdue({"interval_months": 6}) with input as cfg
	rule.may_be_overdue({"interval_months": 6, "last": "last spring"}) with input as cfg
	rule.may_be_overdue(null) with input as cfg
	rule.may_be_overdue("yearly") with input as cfg
}

test_recent_review_wins_over_old_approvals if {
	count(rule.deny) == 0 with input as {"date": "2026-11-24", "config": {"rules": {}}, "documents": [doc({"review": {"last": "2026-06-01"}, "approvals": [{"by": "a", "date": "2020-01-02"}]})]}
}

test_interval_that_is_not_a_number_uses_the_default if {
	fs := rule.deny with input as {"date": "2026-11-24", "config": {"rules": {}}, "documents": [doc({"review": {"interval_months": "6", "last": "2025-06-01"}})]}
	[f] := [f | some f in fs]
	contains(f.msg, "every 12 months")
	count(rule.deny) == 0 with input as {"date": "2026-11-24", "config": {"rules": {}}, "documents": [doc({"review": {"interval_months": "6", "last": "2026-01-12"}})]}
}

test_unreadable_review_date_is_not_judged if {
	count(rule.deny) == 0 with input as {"date": "2026-11-24", "config": {"rules": {}}, "documents": [doc({"review": {"last": "last spring"}, "approvals": [{"by": "a", "date": "2020-01-02"}]})]}
}
