package qmslint.rules.iso13485.exclusion_invalid_test

import data.qmslint.rules.iso13485.exclusion_invalid as rule

item(list, i, x) := object.union(x, {"file": "qm.md", "line": 10 + i, "pointer": sprintf("/%s/%d", [list, i])})

manual(extra) := object.union({"id": "QM-1", "kind": "manual", "title": "Quality manual", "status": "approved", "file": "qm.md", "line": 1, "pointer": ""}, extra)

base(docs) := {"date": "2026-11-24", "standards": ["ISO13485:2016"], "config": {"rules": {}}, "files": [], "documents": docs, "registers": []}

test_valid_exclusions_and_applicability if {
	m := manual({
		"exclusions": [item("exclusions", 0, {"clause": "ISO13485:7.5.9.2", "justification": "No implants."})],
		"applicability": [
			item("applicability", 0, {"condition": "sterile", "applies": false, "justification": "Software only."}),
			item("applicability", 1, {"condition": "servicing", "applies": true}),
		],
	})
	count(rule.deny) == 0 with input as base([m])
}

test_invalid_exclusions if {
	m := manual({"exclusions": [
		item("exclusions", 0, {"clause": "ISO13485:4.2.4", "justification": "x"}),
		item("exclusions", 1, {"clause": "ISO13485:7.5.5", "justification": " "}),
		item("exclusions", 2, {"clause": "ISO27001:A.7.4", "justification": "x"}),
		item("exclusions", 3, {"clause": "ISO13485:7.9", "justification": "x"}),
	]})
	fs := rule.deny with input as base([m])
	by := {f.subject: f | some f in fs}
	contains(by["QM-1/ISO13485:4.2.4"].msg, "only in clauses 6, 7, 8")
	by["QM-1/ISO13485:4.2.4"].pointer == "/exclusions/0"
	contains(by["QM-1/ISO13485:7.5.5"].msg, "gives no justification")
	contains(by["QM-1/ISO27001:A.7.4"].msg, "Statement of Applicability")
	contains(by["QM-1/ISO13485:7.9"].msg, "not a clause of ISO 13485:2016")
	count(fs) == 4
}

test_invalid_applicability if {
	m := manual({"applicability": [
		item("applicability", 0, {"condition": "radioactive", "applies": false, "justification": "x"}),
		item("applicability", 1, {"condition": "sterile", "applies": false}),
		item("applicability", 2, {"condition": "rework", "applies": "no"}),
	]})
	fs := rule.deny with input as base([m])
	by := {f.subject: f | some f in fs}
	contains(by["QM-1/radioactive"].msg, "not one qmslint knows")
	contains(by["QM-1/sterile"].msg, "without a justification")
	contains(by["QM-1/rework"].msg, "must be true or false")
}

test_obsolete_manuals_and_disabled_standard if {
	m := manual({"status": "obsolete", "exclusions": [item("exclusions", 0, {"clause": "ISO13485:4.2.4", "justification": "x"})]})
	count(rule.deny) == 0 with input as base([m])
	m2 := manual({"exclusions": [item("exclusions", 0, {"clause": "ISO13485:4.2.4", "justification": "x"})]})
	count(rule.deny) == 0 with input as object.union(base([m2]), {"standards": ["ISO27001:2022"]})
}
