package qmslint.rules.change.effective_before_approval_test

import data.qmslint.rules.change.effective_before_approval as rule
import data.qmslint.rules.change.testdata as td

test_effective_before_approval if {
	fs := rule.deny with input as td.input_with([td.sop({"effective": "2026-05-01", "approvals": [{"by": "Ann", "date": "2026-05-03"}]})], td.changed({}))
	count(fs) == 1
	some f in fs
	f.pointer == "/effective"
	contains(f.msg, "2026-05-03")
}

test_effective_after_approval if {
	count(rule.deny) == 0 with input as td.input_with([td.good_sop], td.changed({}))
}

test_unchanged_documents_not_judged if {
	count(rule.deny) == 0 with input as td.input_with([td.sop({"effective": "2026-01-01"})], td.changed({"id": "OTHER"}))
}
