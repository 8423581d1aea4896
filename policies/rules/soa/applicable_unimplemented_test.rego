package qmslint.rules.soa.applicable_unimplemented_test

import data.qmslint.rules.soa.applicable_unimplemented as rule
import data.qmslint.rules.soa.fixture_test as fx

test_implemented_by_a_document_in_force if {
	count(rule.deny) == 0 with input as fx.base({
		"documents": [fx.doc("SOP-9", "approved", ["ISO27001:A.8.13"])],
		"registers": [fx.soa([fx.ctl(0, "ISO27001:A.8.13", true, {"implemented_by": ["SOP-9"]})])],
	})
}

test_only_a_draft_implements_it if {
	fs := rule.deny with input as fx.base({
		"documents": [fx.doc("SOP-9", "draft", ["ISO27001:A.8.13"])],
		"registers": [fx.soa([fx.ctl(0, "ISO27001:A.8.13", true, {"implemented_by": ["SOP-9"]})])],
	})
	count(fs) == 1
	some f in fs
	f.subject == "ISO27001:A.8.13"
	contains(f.msg, "names SOP-9 as implementing it")
}

test_excluded_controls_need_no_document if {
	count(rule.deny) == 0 with input as fx.base({"registers": [fx.soa([fx.ctl(0, "ISO27001:A.7.4", false, {"justification": "x"})])]})
}
