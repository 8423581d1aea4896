package qmslint.rules.trace.reassess_after_capa_test

import data.qmslint.rules.trace.reassess_after_capa as rule

capa(id, status, risks) := {
	"id": id, "kind": "capa", "title": "T", "status": status, "closed": "2026-03-01",
	"risks": risks, "file": sprintf("capa/%s.md", [id]), "line": 1, "pointer": "",
}

risk(extra) := object.union({"id": "R-1", "description": "Backups fail", "file": "risks.yaml", "line": 5, "pointer": "/risks/0"}, extra)

repo(risks, capas, findings) := {
	"date": "2026-06-01", "config": {"rules": {}}, "documents": capas, "findings": findings,
	"registers": [{"id": "RR", "kind": "risk-register", "file": "risks.yaml", "line": 1, "pointer": "", "risks": risks}],
}

recurring := {"id": "res.backup-untested:bk-1", "status": "recurring", "capa": ["C-1"]}

test_risk_of_failed_capa_is_flagged if {
	fs := rule.deny with input as repo([risk({})], [capa("C-1", "closed", ["R-1"])], [recurring])
	count(fs) == 1
	some f in fs
	f.subject == "R-1"
	f.pointer == "/risks/0"
	contains(f.msg, "C-1 (finding res.backup-untested:bk-1)")
}

test_one_finding_per_risk_for_several_failures if {
	fs := rule.deny with input as repo(
		[risk({})],
		[capa("C-1", "closed", ["R-1"]), capa("C-2", "closed", ["R-1"])],
		[recurring, {"id": "x.y:Z", "status": "recurring", "capa": ["C-2"]}],
	)
	count(fs) == 1
}

test_reviewed_after_closure_is_reassessed if {
	count(rule.deny) == 0 with input as repo([risk({"review": "2026-03-02"})], [capa("C-1", "closed", ["R-1"])], [recurring])
	count(rule.deny) == 1 with input as repo([risk({"review": "2026-03-01"})], [capa("C-1", "closed", ["R-1"])], [recurring])
}

test_tracked_or_unrelated_findings_do_not_flag if {
	count(rule.deny) == 0 with input as repo([risk({})], [capa("C-1", "open", ["R-1"])], [object.union(recurring, {"status": "tracked"})])
	count(rule.deny) == 0 with input as repo([risk({})], [capa("C-1", "closed", [])], [recurring])
	count(rule.deny) == 0 with input as repo([risk({})], [capa("C-1", "closed", ["R-1"])], [])
}
