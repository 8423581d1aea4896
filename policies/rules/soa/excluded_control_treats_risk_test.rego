package qmslint.rules.soa.excluded_control_treats_risk_test

import data.qmslint.rules.soa.excluded_control_treats_risk as rule
import data.qmslint.rules.soa.fixture_test as fx

risks(controls) := {"id": "RR-1", "kind": "risk-register", "file": "risks.yaml", "line": 1, "pointer": "", "risks": [{"id": "R-1", "description": "d", "likelihood": 3, "severity": 4, "treatment": "mitigate", "controls": controls, "file": "risks.yaml", "line": 4, "pointer": "/risks/0"}]}

soa := fx.soa([
	fx.ctl(0, "ISO27001:A.7.4", false, {"justification": "No premises of our own."}),
	fx.ctl(1, "ISO27001:A.8.13", true, {}),
])

test_excluded_control_in_a_treatment if {
	fs := rule.deny with input as fx.base({"registers": [soa, risks(["SOP-010", "ISO27001:A.8.13", "ISO27001:A.7.4"])]})
	{f.subject | some f in fs} == {"R-1/ISO27001:A.7.4"}
	some f in fs
	f.pointer == "/risks/0/controls/2"
	contains(f.msg, "risk R-1 is treated with ISO27001:A.7.4, which the Statement of Applicability (soa.yaml line 5) declares not applicable")
}

test_applicable_controls_and_other_standards if {
	count(rule.deny) == 0 with input as fx.base({"registers": [soa, risks(["ISO27001:A.8.13"])]})
	count(rule.deny) == 0 with input as fx.base({"standards": ["ISO13485:2016"], "registers": [soa, risks(["ISO27001:A.7.4"])]})
}
