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

test_only_controlled_kinds_are_judged if {
	cfg := {"rules": {"doc.required-section-missing": {"sections": {"capa": ["Purpose"], "form": ["Instructions"]}}}}
	capa := object.union(sop([]), {"id": "CAPA-1", "kind": "capa"})
	form := object.union(sop([]), {"id": "FRM-1", "kind": "form"})
	fs := rule.deny with input as {"config": cfg, "documents": [capa, form]}
	{f.subject | some f in fs} == {"FRM-1/Instructions"}
}

test_sections_that_are_not_by_kind_need_nothing if {
	cfg := {"rules": {"doc.required-section-missing": {"sections": ["procedure", "Purpose"]}}}
	count(rule.deny) == 0 with input as {"config": cfg, "documents": [sop([])]}
}

# A section name that is not a string matches nothing and is not reported.
test_section_names_that_are_not_strings_are_skipped if {
	cfg := {"rules": {"doc.required-section-missing": {"sections": {"procedure": [5, "Records"], "form": "Purpose"}}}}
	form := object.union(sop([]), {"id": "FRM-1", "kind": "form"})
	fs := rule.deny with input as {"config": cfg, "documents": [sop(["Purpose"]), form]}
	{f.subject | some f in fs} == {"SOP-1/Records"}
}
