package qmslint.rules.coverage.not_under_control_test

import data.qmslint.rules.coverage.not_under_control as rule

claim(clause, na) := {"standard": "ISO13485", "edition": "2016", "adoption": "", "clause": clause, "line": 9, "source": "table", "text": clause, "not_applicable": na, "form": "table"}

base(extra) := object.union({"date": "2026-11-24", "standards": ["ISO13485:2016"], "config": {"rules": {}}, "documents": [], "registers": []}, extra)

files := [
	{"file": "sop-capa.md", "format": "markdown", "controlled": false, "claims": [claim("8.5.2", false), claim("8.5.3", false), claim("7.5.5", true)]},
	{"file": "sop-audit.md", "format": "markdown", "controlled": false, "claims": [claim("8.2.4", false), claim("8.5.2", false)]},
	{"file": "risk.csv", "format": "yaml", "controlled": false, "failed": true, "claims": []},
]

test_one_finding_with_the_next_step_when_nothing_is_in_force if {
	fs := rule.deny with input as base({"files": files})
	count(fs) == 1
	some f in fs
	f.subject == "repository"
	contains(f.msg, "2 files without qmslint front matter, 0 with it but not in force")
	contains(f.msg, "their texts claim 3 clauses of ISO 13485:2016 (8.2.4, 8.5.2, 8.5.3;")
	contains(f.msg, "qmslint init")
	contains(f.msg, "qmslint import")
}

test_drafts_are_not_under_control if {
	draft := {"id": "SOP-1", "kind": "procedure", "status": "draft", "file": "sop-1.md", "line": 1, "pointer": ""}
	some f in rule.deny with input as base({"files": [{"file": "sop-1.md", "format": "markdown", "controlled": true, "claims": []}], "documents": [draft]})
	contains(f.msg, "0 files without qmslint front matter, 1 with it but not in force")
	contains(f.msg, "their texts claim no clause of the enabled standards")
	# Every file has front matter: what is left is approval, not init.
	contains(f.msg, "next: record the approvals of the documents that are approved")
	not contains(f.msg, "qmslint init")
}

test_silent_once_a_document_is_in_force if {
	sop := {"id": "SOP-1", "kind": "procedure", "status": "approved", "file": "sop-1.md", "line": 1, "pointer": ""}
	count(rule.deny) == 0 with input as base({"files": files, "documents": [sop]})
}

test_silent_without_files_or_standards if {
	count(rule.deny) == 0 with input as base({"files": []})
	count(rule.deny) == 0 with input as base({"files": files, "standards": []})
}

# A Terraform state read as inventory is no document to approve.
test_built_registers_are_not_counted if {
	state := {"kind": "terraform-state", "file": "infra/s.json", "line": 1, "pointer": "", "locations": [], "resources": []}
	inv := {"id": "INV-1", "kind": "inventory", "status": "draft", "file": "inv.yaml", "line": 1, "pointer": ""}
	some f in rule.deny with input as base({"files": files, "registers": [state, inv]})
	contains(f.msg, "2 files without qmslint front matter, 1 with it but not in force")
}
