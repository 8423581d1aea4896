package qmslint.rules.change.approval_stale_test

import data.qmslint.rules.change.approval_stale as rule
import data.qmslint.rules.change.testdata as td

test_old_approval_only if {
	fs := rule.deny with input as td.input_with([td.sop({"revision": 4})], td.changed({}))
	count(fs) == 1
	some f in fs
	f.pointer == "/approvals"
	contains(f.msg, "2026-05-02")
}

test_new_approval_before_change if {
	count(rule.deny) == 1 with input as td.input_with([td.sop({"approvals": [{"by": "Ann", "date": "2026-04-20"}]})], td.changed({}))
}

test_fresh_approval if {
	count(rule.deny) == 0 with input as td.input_with([td.good_sop], td.changed({}))
}

test_back_to_draft if {
	count(rule.deny) == 0 with input as td.input_with([td.sop({"status": "draft"})], td.changed({"status_after": "draft"}))
}

test_change_date_defaults_to_head if {
	count(rule.deny) == 1 with input as td.input_with([td.sop({"approvals": [{"by": "Ann", "date": "2026-05-02"}]})], td.changed({"changed_on": ""}))
	count(rule.deny) == 0 with input as td.input_with([td.sop({"approvals": [{"by": "Ann", "date": "2026-05-03"}]})], td.changed({"changed_on": ""}))
}
