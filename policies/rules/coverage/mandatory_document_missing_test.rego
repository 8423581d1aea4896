package qmslint.rules.coverage.mandatory_document_missing_test

import data.qmslint.rules.coverage.mandatory_document_missing as rule

doc(id, kind, clauses) := {"id": id, "kind": kind, "title": id, "status": "approved", "clauses": clauses, "file": "a.md", "line": 1, "pointer": ""}

base(extra) := object.union({"date": "2026-11-24", "standards": ["ISO13485:2016"], "config": {"rules": {}}, "files": [], "documents": [], "registers": []}, extra)


test_a_procedure_satisfies if {
	s := {f.subject | some f in rule.deny with input as base({"documents": [doc("SOP-1", "procedure", ["ISO13485:4.2.4"])]})}
	not "ISO13485:4.2.4/procedure" in s
	"ISO13485:4.2.5/procedure" in s
}

test_a_policy_is_not_a_procedure if {
	inp := base({"documents": [doc("POL-1", "policy", ["ISO13485:8.2.4"]), doc("FRM-1", "form", ["ISO13485:8.2.4"])]})
	s := {f.subject | some f in rule.deny with input as inp}
	"ISO13485:8.2.4/procedure" in s
	not "ISO13485:8.2.4/record" in s
	some f in rule.deny with input as inp
	f.subject == "ISO13485:8.2.4/procedure"
	contains(f.msg, "cited only by FRM-1 (form), POL-1 (policy)")
}

test_record_kinds_param if {
	cfg := {"rules": {"coverage.mandatory-document-missing": {"record_kinds": ["record"]}}}
	"ISO13485:8.2.4/record" in {f.subject | some f in rule.deny with input as base({"config": cfg, "documents": [doc("FRM-1", "form", ["ISO13485:8.2.4"])]})}
}

test_not_applicable_requirements_are_not_asked_for if {
	m := object.union(doc("QM", "manual", []), {"applicability": [{"condition": "servicing", "applies": false, "justification": "No servicing.", "file": "qm.md", "line": 3, "pointer": "/applicability/0"}]})
	s := {f.subject | some f in rule.deny with input as base({"documents": [m]})}
	not "ISO13485:7.5.4/procedure" in s
	"ISO13485:7.5.9.1/procedure" in s
}

test_documented_requirements_are_left_to_clause_uncovered if {
	not "ISO13485:4.2.2/documented" in {f.subject | some f in rule.deny with input as base({})}
}

test_silent_until_a_document_is_in_force if {
	draft := object.union(doc("SOP-1", "procedure", ["ISO13485:4.2.4"]), {"status": "draft"})
	count(rule.deny) == 0 with input as base({"documents": [draft]})
	count(rule.deny) > 0 with input as base({"documents": [doc("SOP-1", "procedure", ["ISO13485:4.2.4"])]})
}

test_a_procedure_claiming_the_clause_in_a_table_satisfies if {
	claim := {"standard": "ISO13485", "edition": "2016", "adoption": "", "clause": "8.2.4", "line": 12, "source": "table", "text": "8.2.4", "not_applicable": false, "form": "table"}
	sop := object.union(doc("SOP-7", "procedure", []), {"file": "sop-7.md"})
	inp := base({"documents": [sop], "files": [{"file": "sop-7.md", "controlled": true, "claims": [claim]}]})
	s := {f.subject | some f in rule.deny with input as inp}
	not "ISO13485:8.2.4/procedure" in s
	"ISO13485:4.2.4/procedure" in s
	prose := {f.subject | some f in rule.deny with input as base({"documents": [sop], "files": [{"file": "sop-7.md", "controlled": true, "claims": [object.union(claim, {"form": "text"})]}]})}
	"ISO13485:8.2.4/procedure" in prose
}

# 8.2.6 asks implantable-device makers to record who inspected or tested
# each device: asked for unless the manual says there are no implants,
# and in the same finding as the other records of 8.2.6.
test_conditional_requirements if {
	sop := doc("SOP-1", "procedure", ["ISO13485:4.2.4"])
	s := {f.msg | some f in rule.deny with input as base({"documents": [sop]}); f.subject == "ISO13485:8.2.6/record"}
	count(s) == 1
	some msg in s
	contains(msg, "requires records (product acceptance and release; who inspected or tested each implantable device)")

	m := object.union(doc("QM", "manual", []), {"applicability": [{"condition": "implantable", "applies": false, "justification": "No implantable devices.", "file": "qm.md", "line": 3, "pointer": "/applicability/0"}]})
	some msg2 in {f.msg | some f in rule.deny with input as base({"documents": [sop, m]}); f.subject == "ISO13485:8.2.6/record"}
	not contains(msg2, "implantable")
}

test_requirements_of_an_unreadable_document_are_not_reported if {
	broken := {"file": "sop-5.md", "format": "markdown", "controlled": false, "kind": "", "failed": true, "claims": [], "clauses": ["ISO13485:8.5.2"]}
	s := {f.subject | some f in rule.deny with input as base({"documents": [doc("SOP-1", "procedure", ["ISO13485:4.2.4"])], "files": [broken]})}
	not "ISO13485:8.5.2/procedure" in s
	"ISO13485:8.5.3/procedure" in s
}
