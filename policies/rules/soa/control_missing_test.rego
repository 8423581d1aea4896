package qmslint.rules.soa.control_missing_test

import data.qmslint.rules.soa.control_missing as rule
import data.qmslint.rules.soa.fixture_test as fx

all_controls := [fx.ctl(0, concat(":", ["ISO27001", n]), true, {}) |
	some n, c in data.qmslint.catalogs.iso27001_2022.clauses
	startswith(n, "A.")
	c.parent != null
]

test_no_soa_at_all if {
	fs := rule.deny with input as fx.base({})
	count(fs) == 1
	some f in fs
	f.subject == "ISO27001:6.1.3"
	contains(f.msg, "93 Annex A controls")
}

test_complete_soa if {
	count(rule.deny) == 0 with input as fx.base({"registers": [fx.soa(all_controls)]})
}

test_one_control_missing if {
	partial := [c | some c in all_controls; c.control != "ISO27001:A.8.13"]
	fs := rule.deny with input as fx.base({"registers": [fx.soa(partial)]})
	{f.subject | some f in fs} == {"ISO27001:A.8.13"}
	some f in fs
	f.pointer == "/controls"
	contains(f.msg, "Information backup")
}

test_only_when_iso27001_is_enabled if {
	count(rule.deny) == 0 with input as fx.base({"standards": ["ISO13485:2016"]})
}
