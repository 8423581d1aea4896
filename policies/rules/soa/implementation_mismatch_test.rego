package qmslint.rules.soa.implementation_mismatch_test

import data.qmslint.rules.soa.fixture_test as fx
import data.qmslint.rules.soa.implementation_mismatch as rule

test_consistent if {
	count(rule.deny) == 0 with input as fx.base({
		"documents": [fx.doc("SOP-9", "approved", ["ISO27001:A.8.13"])],
		"registers": [fx.soa([fx.ctl(0, "ISO27001:A.8.13", true, {"implemented_by": ["SOP-9"]})])],
	})
}

test_listed_documents_that_do_not_match if {
	fs := rule.deny with input as fx.base({
		"documents": [fx.doc("SOP-1", "approved", ["ISO27001:A.5.1"]), fx.doc("SOP-2", "draft", ["ISO27001:A.8.13"])],
		"registers": [fx.soa([fx.ctl(0, "ISO27001:A.8.13", true, {"implemented_by": ["SOP-1", "SOP-2", "SOP-404"]})])],
	})
	by := {f.subject: f | some f in fs}
	contains(by["ISO27001:A.8.13/SOP-1"].msg, "does not cite ISO27001:A.8.13")
	contains(by["ISO27001:A.8.13/SOP-2"].msg, "is not in force (status draft)")
	contains(by["ISO27001:A.8.13/SOP-404"].msg, "no document with that id")
	by["ISO27001:A.8.13/SOP-404"].pointer == "/controls/0/implemented_by/2"
	count(fs) == 3
}

test_document_cites_an_excluded_control if {
	fs := rule.deny with input as fx.base({
		"documents": [fx.doc("SOP-3", "approved", ["ISO27001:A.5.1", "ISO27001:A.7.4"])],
		"registers": [fx.soa([fx.ctl(0, "ISO27001:A.7.4", false, {"justification": "No premises."})])],
	})
	count(fs) == 1
	some f in fs
	f.subject == "ISO27001:A.7.4/SOP-3"
	f.pointer == "/clauses/1"
	contains(f.msg, "No premises.")
}
