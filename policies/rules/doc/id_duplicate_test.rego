package qmslint.rules.doc.id_duplicate_test

import data.qmslint.rules.doc.id_duplicate as rule

test_duplicate_document_ids if {
	fs := rule.deny with input as {"documents": [
		{"id": "SOP-1", "kind": "procedure", "file": "a.md", "line": 1, "pointer": ""},
		{"id": "SOP-1", "kind": "procedure", "file": "b.md", "line": 1, "pointer": ""},
		{"id": "SOP-2", "kind": "procedure", "file": "c.md", "line": 1, "pointer": ""},
	]}
	count(fs) == 1
	some f in fs
	f.subject == "SOP-1"
	f.file == "b.md"
	contains(f.msg, "a.md:1")
}

test_duplicate_between_document_and_register_item if {
	fs := rule.deny with input as {
		"documents": [{"id": "R-1", "kind": "record", "file": "a.md", "line": 1, "pointer": ""}],
		"registers": [{"kind": "risk-register", "file": "r.yaml", "line": 1, "pointer": "", "risks": [{"id": "R-1", "file": "r.yaml", "line": 4, "pointer": "/risks/0"}]}],
	}
	count(fs) == 1
}

test_unique_ids_pass if {
	count(rule.deny) == 0 with input as {"documents": [
		{"id": "SOP-1", "kind": "procedure", "file": "a.md", "line": 1, "pointer": ""},
		{"id": "SOP-2", "kind": "procedure", "file": "b.md", "line": 1, "pointer": ""},
	]}
}
