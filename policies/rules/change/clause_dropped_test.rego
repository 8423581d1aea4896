package qmslint.rules.change.clause_dropped_test

import data.qmslint.rules.change.clause_dropped as rule
import data.qmslint.rules.change.testdata as td

test_last_document_loses_clause if {
	fs := rule.deny with input as td.input_with([td.sop({"clauses": []})], td.changed({}))
	count(fs) == 1
	some f in fs
	f.subject == "ISO13485:4.2.4"
}

test_last_document_deleted if {
	fs := rule.deny with input as td.input_with([], td.changed({"status": "removed"}))
	count(fs) == 1
	some f in fs
	f.line == 0
}

test_clause_still_covered if {
	count(rule.deny) == 0 with input as td.input_with([td.good_sop], td.changed({}))
}

test_covered_elsewhere if {
	other := object.union(td.wi, {"clauses": ["ISO13485:4.2.4"]})
	count(rule.deny) == 0 with input as {"change": {
		"base": {"ref": "main", "documents": [td.sop({}), other]},
		"head": {"ref": "HEAD", "documents": [td.sop({"status": "obsolete"}), other]},
		"changed": [td.changed({})],
	}}
}
