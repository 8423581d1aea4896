package acme.sop_deputy_owner_test

import data.acme.sop_deputy_owner as rule

sop(extra) := object.union({
	"id": "SOP-001", "kind": "procedure", "title": "Document control", "status": "approved",
	"owner": "qa-manager", "file": "procedures/SOP-001.md", "line": 1, "pointer": "",
}, extra)

run(docs) := fs if {
	fs := rule.deny with input as {"date": "2026-11-24", "config": {"rules": {}}, "documents": docs}
}

test_deputy_named if count(run([sop({"deputy_owner": "ra-manager"})])) == 0

test_deputy_missing if {
	fs := run([sop({})])
	count(fs) == 1
	some f in fs
	f.subject == "SOP-001"
	f.pointer == "/deputy_owner"
	contains(f.msg, "SOP-001 (Document control) names no deputy_owner")
}

test_deputy_is_owner if {
	fs := run([sop({"deputy_owner": "qa-manager"})])
	count(fs) == 1
	some f in fs
	contains(f.msg, `"qa-manager" as both owner and deputy_owner`)
}

test_drafts_and_other_kinds_are_ignored if {
	count(run([sop({"status": "draft"}), sop({"id": "POL-1", "kind": "policy"})])) == 0
}
