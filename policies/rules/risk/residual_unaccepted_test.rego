package qmslint.rules.risk.residual_unaccepted_test

import data.qmslint.rules.risk.residual_unaccepted as rule

risk(id, extra) := object.union({"id": id, "description": "d", "likelihood": 4, "severity": 5, "treatment": "mitigate", "file": "risks.yaml", "line": 5, "pointer": sprintf("/risks/%s", [id])}, extra)

world(risks) := {"date": "2026-11-24", "config": {"rules": {}}, "documents": [], "registers": [{"id": "RR-1", "kind": "risk-register", "acceptance": 8, "risks": risks, "file": "risks.yaml", "line": 1, "pointer": ""}]}

# 2 × 5 = 10 after mitigation, against a threshold of 8.
test_residual_above_threshold_not_accepted if {
	fs := rule.deny with input as world([risk("R-1", {"residual": {"likelihood": 2, "severity": 5}})])
	{f.subject | some f in fs} == {"R-1"}
	some f in fs
	contains(f.msg, "risk R-1 (treatment mitigate) scores 10 after treatment (residual rating), above 8, the acceptance of RR-1")
	f.pointer == "/risks/R-1/residual"
}

test_no_residual_rating_keeps_the_initial_score if {
	fs := rule.deny with input as world([risk("R-1", {"treatment": "transfer"})])
	some f in fs
	contains(f.msg, "scores 20 with no residual rating, so its initial score stands")
}

test_residual_within_threshold_or_accepted if {
	count(rule.deny) == 0 with input as world([
		risk("R-1", {"residual": {"likelihood": 2, "severity": 4}}),
		risk("R-2", {"residual": {"likelihood": 2, "severity": 5, "accepted_by": "CEO", "justification": "Second provider contracted for Q1."}}),
		risk("R-3", {"likelihood": 1, "severity": 5}),
	])
}

test_acceptance_needs_who_and_why if {
	fs := rule.deny with input as world([
		risk("R-1", {"residual": {"likelihood": 2, "severity": 5, "accepted_by": "CEO"}}),
		risk("R-2", {"residual": {"likelihood": 2, "severity": 5, "justification": "ok for now"}}),
	])
	{f.subject | some f in fs} == {"R-1", "R-2"}
}

# Risks accepted or left without treatment are risk.unacceptable-untreated's.
test_accepted_or_untreated_risks_are_left_to_the_other_rule if {
	count(rule.deny) == 0 with input as world([risk("R-1", {"treatment": "accept"}), object.remove(risk("R-2", {}), ["treatment"])])
}
