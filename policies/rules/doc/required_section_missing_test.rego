package qmslint.rules.doc.required_section_missing_test

import data.qmslint.rules.doc.required_section_missing as rule

sop(headings) := {"id": "SOP-1", "kind": "procedure", "title": "T", "format": "markdown", "file": "a.md", "line": 1, "pointer": "", "headings": [{"text": h, "level": 2, "line": 5} | some h in headings]}

test_missing_scope if {
	fs := rule.deny with input as {"config": {"rules": {}}, "documents": [sop(["1. Purpose", "3. Roles and responsibilities"])]}
	{f.subject | some f in fs} == {"SOP-1/Scope"}
}

test_all_sections_present if {
	count(rule.deny) == 0 with input as {"config": {"rules": {}}, "documents": [sop(["Purpose", "Scope", "Responsibilities", "Procedure"])]}
}

test_sections_are_configurable if {
	cfg := {"rules": {"doc.required-section-missing": {"sections": {"procedure": ["Records"]}}}}
	fs := rule.deny with input as {"config": cfg, "documents": [sop(["Purpose", "Scope", "Responsibilities"])]}
	{f.subject | some f in fs} == {"SOP-1/Records"}
}

test_other_kinds_need_nothing_by_default if {
	d := object.union(sop([]), {"kind": "form"})
	count(rule.deny) == 0 with input as {"config": {"rules": {}}, "documents": [d]}
}
