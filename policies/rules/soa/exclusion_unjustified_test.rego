package qmslint.rules.soa.exclusion_unjustified_test

import data.qmslint.rules.soa.exclusion_unjustified as rule
import data.qmslint.rules.soa.fixture_test as fx

test_justified_exclusion_passes if {
	count(rule.deny) == 0 with input as fx.base({"registers": [fx.soa([fx.ctl(0, "ISO27001:A.7.4", false, {"justification": "No premises of our own."})])]})
}

test_missing_or_blank_justification if {
	fs := rule.deny with input as fx.base({"registers": [fx.soa([
		fx.ctl(0, "ISO27001:A.7.4", false, {}),
		fx.ctl(1, "ISO27001:A.7.5", false, {"justification": "  "}),
		fx.ctl(2, "ISO27001:A.7.6", true, {}),
	])]})
	{f.subject | some f in fs} == {"ISO27001:A.7.4", "ISO27001:A.7.5"}
	some f in fs
	f.pointer == "/controls/0"
}

test_placeholder_justification if {
	fs := rule.deny with input as fx.base({"registers": [fx.soa([fx.ctl(0, "ISO27001:A.7.4", false, {"justification": "N/A"})])]})
	some f in fs
	contains(f.msg, "excludes ISO27001:A.7.4 with the justification \"N/A\", which does not say why")
}
