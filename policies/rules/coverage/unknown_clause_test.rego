package qmslint.rules.coverage.unknown_clause_test

import data.qmslint.rules.coverage.unknown_clause as rule

doc(clauses) := {"id": "SOP-1", "kind": "procedure", "title": "T", "status": "approved", "clauses": clauses, "file": "a.md", "line": 1, "pointer": ""}

base(extra) := object.union({"date": "2026-11-24", "standards": ["ISO13485:2016", "ISO27001:2022"], "config": {"rules": {}}, "files": [], "documents": [], "registers": []}, extra)

test_known_clauses_pass if {
	count(rule.deny) == 0 with input as base({"documents": [doc(["ISO13485:7.5.9.1", "ISO27001:A.8.13", "ISO27001:9.2"])]})
}

test_2013_control_suggests_the_2022_one if {
	fs := rule.deny with input as base({"documents": [doc(["ISO27001:A.12.3.1"])]})
	count(fs) == 1
	some f in fs
	f.subject == "SOP-1/ISO27001:A.12.3.1"
	f.pointer == "/clauses/0"
	contains(f.msg, "ISO27001:A.8.13 (Information backup)")
}

test_2013_control_merged_into_a_2022_one if {
	some f in rule.deny with input as base({"documents": [doc(["ISO27001:A.8.1.1"])]})
	contains(f.msg, "ISO27001:A.5.9 (Inventory of information and other associated assets)")
}

test_no_suggestion if {
	some f in rule.deny with input as base({"documents": [doc(["ISO27001:A.12.6.2"])]})
	contains(f.msg, "see qmslint coverage")
}

test_nearest_clause_is_suggested if {
	some f in rule.deny with input as base({"documents": [doc(["ISO13485:7.5.1.1"])]})
	contains(f.msg, "nearest clause above it is ISO13485:7.5.1")
}

test_disabled_standard_is_not_checked if {
	count(rule.deny) == 0 with input as base({"standards": ["ISO13485:2016"], "documents": [doc(["ISO27001:A.12.3.1"])]})
}

test_soa_controls_are_checked if {
	soa := {"id": "SOA", "kind": "soa", "status": "draft", "file": "soa.yaml", "line": 1, "pointer": "", "controls": [{"control": "ISO27001:A.5.38", "applicable": true, "file": "soa.yaml", "line": 3, "pointer": "/controls/0"}]}
	some f in rule.deny with input as base({"registers": [soa]})
	f.subject == "SOA/ISO27001:A.5.38"
	f.pointer == "/controls/0/control"
}

test_values_that_are_not_clause_ids_are_left_to_the_schema if {
	reg := {"id": "RR-1", "kind": "risk-register", "status": "approved", "clauses": {"a": "ISO13485:9.9"}, "file": "r.yaml", "line": 1, "pointer": ""}
	count(rule.deny) == 0 with input as base({"documents": [doc([7.5, null, {"x": "ISO13485:9.9"}])], "registers": [reg]})
	fs := rule.deny with input as base({"documents": [doc([7.5, "ISO13485:9.9"])], "registers": [reg]})
	[f.pointer | some f in fs] == ["/clauses/1"]
}
