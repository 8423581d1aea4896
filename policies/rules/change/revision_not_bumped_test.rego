package qmslint.rules.change.revision_not_bumped_test

import data.qmslint.rules.change.revision_not_bumped as rule
import data.qmslint.rules.change.testdata as td

test_same_revision if {
	fs := rule.deny with input as td.input_with([td.sop({})], td.changed({"revision_after": "3", "revision_bumped": false}))
	count(fs) == 1
	some f in fs
	f.subject == "SOP-1"
	f.pointer == "/revision"
	contains(f.msg, "still 3")
}

test_bumped if {
	count(rule.deny) == 0 with input as td.input_with([td.good_sop], td.changed({}))
}

test_only_control_fields if {
	count(rule.deny) == 0 with input as td.input_with([td.sop({})], td.changed({"revision_bumped": false, "content_changed": false}))
}

test_draft_at_base if {
	count(rule.deny) == 0 with input as td.input_with([td.sop({})], td.changed({"revision_bumped": false, "status_before": "draft"}))
}

test_not_under_lint if {
	count(rule.deny) == 0 with input as {}
}
