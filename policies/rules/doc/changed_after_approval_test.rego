package qmslint.rules.doc.changed_after_approval_test

import data.qmslint.rules.doc.changed_after_approval as rule

doc := {"id": "SOP-1", "kind": "procedure", "title": "T", "status": "approved", "revision": 3, "file": "a.md", "line": 1, "pointer": "", "approvals": [{"by": "a", "date": "2026-03-01"}, {"by": "b", "date": "2026-03-04"}]}

entry(extra) := object.union({"commit": "0123456789abcdef", "date": "2026-05-01", "author": "Ann", "message": "fix wording", "file": "a.md", "revision_before": "3", "revision_after": "3", "added": false, "removed": false, "content_changed": true}, extra)

test_change_after_approval_without_revision if {
	fs := rule.deny with input as {"documents": [doc], "history": {"SOP-1": [entry({})]}}
	count(fs) == 1
	some f in fs
	f.subject == "SOP-1"
	f.pointer == "/revision"
	contains(f.msg, "2026-03-04")
	contains(f.msg, "01234567")
}

test_newest_commit_named_once if {
	fs := rule.deny with input as {"documents": [doc], "history": {"SOP-1": [entry({"commit": "bbbbbbbbbb", "date": "2026-06-01"}), entry({})]}}
	count(fs) == 1
	some f in fs
	contains(f.msg, "bbbbbbbb")
	contains(f.msg, "1 earlier")
}

test_change_before_approval_is_fine if {
	count(rule.deny) == 0 with input as {"documents": [doc], "history": {"SOP-1": [entry({"date": "2026-03-04"})]}}
}

test_revision_bumped_is_fine if {
	count(rule.deny) == 0 with input as {"documents": [doc], "history": {"SOP-1": [entry({"revision_before": "2", "revision_after": "3"})]}}
}

test_change_to_an_older_revision_is_fine if {
	count(rule.deny) == 0 with input as {"documents": [doc], "history": {"SOP-1": [entry({"revision_before": "2", "revision_after": "2"})]}}
}

test_control_fields_only_is_fine if {
	count(rule.deny) == 0 with input as {"documents": [doc], "history": {"SOP-1": [entry({"content_changed": false})]}}
}

test_no_history_outside_git if {
	count(rule.deny) == 0 with input as {"documents": [doc]}
}

test_drafts_are_not_judged if {
	count(rule.deny) == 0 with input as {"documents": [object.union(doc, {"status": "draft"})], "history": {"SOP-1": [entry({})]}}
}
