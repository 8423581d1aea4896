package qmslint.rules.risk.risk_test

import data.qmslint.rules.risk.control_unknown
import data.qmslint.rules.risk.process_unassessed
import data.qmslint.rules.risk.review_overdue
import data.qmslint.rules.risk.score_mismatch
import data.qmslint.rules.risk.unacceptable_untreated

risk(id, extra) := object.union({"id": id, "description": "d", "likelihood": 3, "severity": 4, "file": "risks.yaml", "line": 5, "pointer": sprintf("/risks/%s", [id])}, extra)

register(scope, acceptance, risks) := {"id": "RR-1", "kind": "risk-register", "scope": scope, "acceptance": acceptance, "risks": risks, "file": "risks.yaml", "line": 1, "pointer": ""}

world(registers, documents) := {"date": "2026-11-24", "config": {"rules": {}}, "documents": documents, "registers": registers}

sop(id, params) := {"id": id, "kind": "procedure", "title": id, "status": "approved", "effective": "2026-01-01", "file": "sop.md", "line": 1, "pointer": "", "parameters": params}

manual(processes) := {"id": "QM-1", "kind": "manual", "title": "Quality manual", "status": "approved", "file": "qm.md", "line": 1, "pointer": "", "processes": processes}

test_score_matches if {
	count(score_mismatch.deny) == 0 with input as world([register("isms", 8, [risk("R-1", {"score": 12}), risk("R-2", {})])], [])
}

test_score_mismatch if {
	fs := score_mismatch.deny with input as world([register("isms", 8, [risk("R-1", {"score": 10})])], [])
	some f in fs
	f.subject == "R-1"
	f.pointer == "/risks/R-1/score"
	contains(f.msg, "score 10, but likelihood 3 × severity 4 is 12")
}

test_unacceptable_without_treatment if {
	fs := unacceptable_untreated.deny with input as world([register("isms", 8, [risk("R-1", {}), risk("R-2", {"likelihood": 2})])], [])
	{f.subject | some f in fs} == {"R-1"}
	some f in fs
	contains(f.msg, "scores 12 (likelihood 3 × severity 4), above 8, the acceptance of RR-1, and it has no treatment")
}

test_accept_needs_justification if {
	w := world([register("isms", 8, [
		risk("R-1", {"treatment": "accept"}),
		risk("R-2", {"treatment": "accept", "justification": "Board decision 2026-03: residual risk tolerated until migration."}),
		risk("R-3", {"treatment": "mitigate", "controls": ["ISO27001:A.8.13"]}),
	])], [])
	{f.subject | some f in unacceptable_untreated.deny with input as w} == {"R-1"}
}

test_acceptance_from_a_document_when_the_register_has_none if {
	reg := object.remove(register("isms", 0, [risk("R-1", {})]), ["acceptance"])
	count(unacceptable_untreated.deny) == 0 with input as world([reg], [sop("SOP-003", {"risk_acceptance": 12})])
	fs := unacceptable_untreated.deny with input as world([reg], [sop("SOP-003", {"risk_acceptance": 10})])
	some f in fs
	contains(f.msg, "above 10, as SOP-003 requires")
}

test_known_controls if {
	w := world([register("isms", 8, [risk("R-1", {"controls": ["SOP-010", "ISO27001:A.8.13", "ISO27001:A.5.37", "ISO27001:A.6.8"]})])], [sop("SOP-010", {})])
	count(control_unknown.deny) == 0 with input as w
}

test_unknown_controls if {
	w := world([register("isms", 8, [risk("R-1", {"controls": ["SOP-099", "ISO27001:A.8.35", "ISO27001:A.12.3.1", "ISO27001:A.6.0"]})])], [])
	fs := control_unknown.deny with input as w
	{f.subject | some f in fs} == {"R-1/SOP-099", "R-1/ISO27001:A.8.35", "R-1/ISO27001:A.12.3.1", "R-1/ISO27001:A.6.0"}
	some f in fs
	f.subject == "R-1/ISO27001:A.8.35"
	f.pointer == "/risks/R-1/controls/1"
}

test_review_within_interval if {
	count(review_overdue.deny) == 0 with input as world([register("isms", 8, [risk("R-1", {"review": "2025-11-24"})])], [])
}

test_review_overdue if {
	fs := review_overdue.deny with input as world([register("isms", 8, [risk("R-1", {"review": "2025-11-23"})])], [])
	some f in fs
	f.subject == "R-1"
	contains(f.msg, "due on 2026-11-23 (1 days ago)")
}

test_review_interval_from_document if {
	w := world([register("isms", 8, [risk("R-1", {"review": "2026-04-01"})])], [sop("SOP-003", {"risk_review_months": 6})])
	fs := review_overdue.deny with input as w
	some f in fs
	contains(f.msg, "every 6 months, as SOP-003 requires")
}

test_every_process_assessed if {
	w := world([register("processes", 8, [risk("R-1", {"process": "Service operation"}), risk("R-2", {"process": " supplier control "})])], [manual(["Service operation", "Supplier control"])])
	count(process_unassessed.deny) == 0 with input as w
}

test_process_without_risk if {
	w := world(
		[
			register("processes", 8, [risk("R-1", {"process": "Service operation"})]),
			register("isms", 8, [risk("R-2", {"process": "Software development"})]),
		],
		[manual(["Service operation", "Software development"])],
	)
	fs := process_unassessed.deny with input as w
	{f.subject | some f in fs} == {"QM-1/Software development"}
	some f in fs
	f.pointer == "/processes/1"
}

test_process_with_an_owner if {
	w := world(
		[register("processes", 8, [risk("R-1", {"process": "Service operation"})])],
		[manual([{"name": "Service operation", "owner": "cto"}, {"name": "Software development", "owner": "cto"}])],
	)
	fs := process_unassessed.deny with input as w
	{f.subject | some f in fs} == {"QM-1/Software development"}
}
