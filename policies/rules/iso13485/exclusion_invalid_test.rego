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

# Internal audit, CAPA and purchasing apply to every manufacturer: a
# justification cannot make them go.
test_clauses_no_activity_can_remove if {
	m := manual({"exclusions": [
		item("exclusions", 0, {"clause": "ISO13485:8.2.4", "justification": "We are small"}),
		item("exclusions", 1, {"clause": "ISO13485:7.4.1", "justification": "x"}),
		item("exclusions", 2, {"clause": "ISO13485:8.5.2", "justification": "Our products never fail in the field."}),
		item("exclusions", 3, {"clause": "ISO13485:7.5", "justification": "We only write software."}),
	]})
	fs := rule.deny with input as base([m])
	by := {f.subject: f | some f in fs}
	contains(by["QM-1/ISO13485:8.2.4"].msg, "ISO13485:8.2.4 (Internal audit) cannot be excluded")
	contains(by["QM-1/ISO13485:8.2.4"].msg, "6.4, 7.3, 7.5.2, 7.5.3, 7.5.4, 7.5.5, 7.5.6, 7.5.7, 7.5.9.2, 7.5.10, 7.6, 8.2.3, 8.3.4")
	contains(by["QM-1/ISO13485:7.4.1"].msg, "(Purchasing process) cannot be excluded")
	contains(by["QM-1/ISO13485:8.5.2"].msg, "(Corrective action) cannot be excluded")
	contains(by["QM-1/ISO13485:7.5"].msg, "cannot be excluded")
	count(fs) == 4
}

# Whole groups of excludable clauses (7.3, 6.4) may go at once.
test_excludable_parents if {
	m := manual({"exclusions": [
		item("exclusions", 0, {"clause": "ISO13485:7.3", "justification": "The devices are designed by our client, the legal manufacturer; we only produce them."}),
		item("exclusions", 1, {"clause": "ISO13485:7.6", "justification": "No monitoring or measuring equipment is used to verify product."}),
	]})
	count(rule.deny) == 0 with input as base([m])
}

test_placeholder_justifications if {
	m := manual(
		{
			"exclusions": [
				item("exclusions", 0, {"clause": "ISO13485:7.5.3", "justification": "n/a"}),
				item("exclusions", 1, {"clause": "ISO13485:7.5.4", "justification": "We are a small company."}),
				item("exclusions", 2, {"clause": "ISO13485:7.5.6", "justification": "TBD."}),
				item("exclusions", 3, {"clause": "ISO13485:7.5.10", "justification": "None"}),
			],
			"applicability": [item("applicability", 0, {"condition": "rework", "applies": false, "justification": "Not applicable."})],
		},
	)
	fs := rule.deny with input as base([m])
	by := {f.subject: f | some f in fs}
	contains(by["QM-1/ISO13485:7.5.3"].msg, "the justification \"n/a\" of the exclusion of ISO13485:7.5.3 is a placeholder")
	contains(by["QM-1/ISO13485:7.5.4"].msg, "rests on \"small company\", which never makes a requirement not applicable")
	contains(by["QM-1/ISO13485:7.5.6"].msg, "is a placeholder")
	contains(by["QM-1/ISO13485:7.5.10"].msg, "is a placeholder")
	contains(by["QM-1/rework"].msg, "the justification \"Not applicable.\" of condition rework is a placeholder")
	count(fs) == 5
}
