package qmslint.rules.mgmtreview_test

import data.qmslint.rules.mgmtreview.input_missing
import data.qmslint.rules.mgmtreview.output_without_action
import data.qmslint.rules.mgmtreview.overdue

all_13485 := ["feedback", "complaints", "regulatory-reporting", "audits", "process-monitoring", "product-monitoring", "corrective-actions", "preventive-actions", "previous-actions", "changes", "improvement-recommendations", {"topic": "regulatory-changes", "summary": "MDR guidance"}]

review(id, date, inputs, outputs) := {"id": id, "kind": "record", "title": "Management review", "status": "approved", "management_review": {"date": date, "inputs": inputs, "outputs": outputs}, "file": sprintf("%s.md", [id]), "line": 1, "pointer": ""}

good_outputs := [{"topic": "improvement", "decision": "Third backup provider", "actions": ["CAPA-1"]}, {"topic": "resources", "actions": ["Hire an operations engineer"]}]

world(docs) := {"date": "2026-11-24", "standards": ["ISO13485:2016"], "documents": docs, "registers": [], "config": {"rules": {}}}

test_review_within_interval if {
	count(overdue.deny) == 0 with input as world([review("REC-1", "2026-01-10", all_13485, good_outputs)])
}

test_review_overdue if {
	fs := overdue.deny with input as world([review("REC-1", "2025-10-10", all_13485, good_outputs)])
	{f.subject | some f in fs} == {"management-review"}
	some f in fs
	f.file == "REC-1.md"
	contains(f.msg, "due by 2026-10-10, every 12 months by qmslint's default")
}

test_interval_from_the_manual if {
	manual := {"id": "MAN-1", "kind": "manual", "title": "M", "status": "approved", "parameters": {"management_review_interval_months": 6}, "file": "m.md", "line": 1, "pointer": ""}
	fs := overdue.deny with input as world([manual, review("REC-1", "2026-04-10", all_13485, good_outputs)])
	some f in fs
	contains(f.msg, "as MAN-1 requires")
}

test_review_in_a_record_log if {
	log := {"id": "LOG-MR", "kind": "record-log", "type": "management-review", "entries": [{"date": "2025-06-01", "file": "mr.yaml", "line": 3, "pointer": "/entries/0"}], "file": "mr.yaml", "line": 1, "pointer": ""}
	fs := overdue.deny with input as object.union(world([]), {"registers": [log]})
	{f.file | some f in fs} == {"mr.yaml"}
	count(overdue.deny) == 0 with input as object.union(world([review("REC-1", "2026-01-10", all_13485, good_outputs)]), {"registers": [log]})
}

test_no_review_on_record_is_not_judged if {
	count(overdue.deny) == 0 with input as world([])
}

test_input_missing if {
	inputs := [x | some x in all_13485; x != "complaints"]
	fs := input_missing.deny with input as world([review("REC-1", "2026-10-21", inputs, good_outputs)])
	{f.subject | some f in fs} == {"REC-1/complaints"}
	some f in fs
	f.pointer == "/management_review/inputs"
	contains(f.msg, "complaint handling (ISO13485)")
}

test_only_the_latest_review_is_judged if {
	count(input_missing.deny) == 0 with input as world([review("REC-0", "2026-04-01", [], []), review("REC-1", "2026-10-21", all_13485, good_outputs)])
}

test_inputs_of_both_standards if {
	fs := input_missing.deny with input as object.union(world([review("REC-1", "2026-10-21", all_13485, good_outputs)]), {"standards": ["ISO13485:2016", "ISO27001:2022"]})
	{f.subject | some f in fs} == {"REC-1/issue-changes", "REC-1/interested-party-changes", "REC-1/nonconformities", "REC-1/monitoring-results", "REC-1/objectives", "REC-1/interested-party-feedback", "REC-1/risk-assessment", "REC-1/improvement-opportunities"}
}

test_output_without_action if {
	outputs := array.concat(good_outputs, [{"topic": "objectives", "summary": "Discussed"}, "budget"])
	fs := output_without_action.deny with input as world([review("REC-1", "2026-10-21", all_13485, outputs)])
	{f.subject | some f in fs} == {"REC-1/objectives", "REC-1/budget"}
	count(output_without_action.deny) == 0 with input as world([review("REC-1", "2026-10-21", all_13485, good_outputs)])
}

test_review_without_outputs if {
	fs := output_without_action.deny with input as world([review("REC-1", "2026-10-21", all_13485, [])])
	{f.subject | some f in fs} == {"REC-1"}
}

test_review_date_from_effective_or_approval if {
	r := object.union(object.remove(review("REC-1", "", [], []), ["management_review"]), {"management_review": {"inputs": all_13485, "outputs": [{"decision": "x"}, 7]}, "effective": "2025-01-01"})
	count(overdue.deny) == 1 with input as world([r])
	r2 := object.union(object.remove(r, ["effective"]), {"approvals": [{"by": "A", "date": "2026-10-01"}]})
	count(overdue.deny) == 0 with input as world([r2])
	fs := output_without_action.deny with input as world([r2])
	{f.subject | some f in fs} == {"REC-1/2"}
}
