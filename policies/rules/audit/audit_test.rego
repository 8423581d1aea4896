package qmslint.rules.audit_test

import data.qmslint.rules.audit.auditor_not_independent
import data.qmslint.rules.audit.clause_unaudited
import data.qmslint.rules.audit.finding_untracked
import data.qmslint.rules.audit.process_unaudited
import data.qmslint.rules.audit.report_missing
import data.qmslint.rules.audit.scope_unknown

people := {"id": "PEOPLE", "kind": "people", "file": "people.yaml", "line": 1, "pointer": "", "people": [
	{"id": "ann", "name": "Ann Weber", "roles": [{"role": "qa-manager", "from": "2025-01-01"}], "file": "people.yaml", "line": 2, "pointer": "/people/0"},
	{"id": "hlenz", "name": "Hanna Lenz", "roles": [{"role": "auditor", "from": "2025-01-01"}], "file": "people.yaml", "line": 3, "pointer": "/people/1"},
]}

sop := {"id": "SOP-001", "kind": "procedure", "title": "Document control", "status": "approved", "owner": "qa-manager", "clauses": ["ISO13485:4.2.4"], "approvals": [{"by": "Ann Weber", "date": "2026-01-01"}], "file": "s.md", "line": 1, "pointer": ""}

sop2 := {"id": "SOP-002", "kind": "procedure", "title": "Records", "status": "approved", "owner": "hlenz", "approvals": [{"by": "Hanna Lenz", "date": "2026-01-01"}], "file": "s2.md", "line": 1, "pointer": ""}

audit(id, extra) := object.union({"id": id, "date": "2026-03-01", "auditor": "hlenz", "status": "done", "report": "REC-1", "file": "ap.yaml", "line": 5, "pointer": "/audits/0"}, extra)

programme(audits) := {"id": "AP-1", "kind": "audit-programme", "cycle": {"start": "2026-01-01", "months": 12}, "audits": audits, "file": "ap.yaml", "line": 1, "pointer": ""}

report := {"id": "REC-1", "kind": "record", "title": "Audit report", "status": "approved", "file": "r.md", "line": 1, "pointer": ""}

world(docs, audits, standards) := {"date": "2026-11-24", "standards": standards, "documents": array.concat([sop, sop2, report], docs), "registers": [people, programme(audits)], "config": {"rules": {}}}

# The 23 clauses one level below the chapters of ISO 13485.
all_13485 := ["ISO13485:4", "ISO13485:5", "ISO13485:6", "ISO13485:7", "ISO13485:8"]

test_every_clause_audited if {
	count(clause_unaudited.deny) == 0 with input as world([], [audit("IA-1", {"scope": {"clauses": all_13485}})], ["ISO13485:2016"])
}

test_clause_unaudited if {
	scope := {"clauses": ["ISO13485:4.1", "ISO13485:5", "ISO13485:6", "ISO13485:7", "ISO13485:8.2.4", "ISO13485:8.1", "ISO13485:8.3", "ISO13485:8.4", "ISO13485:8.5"], "documents": ["SOP-001"]}
	fs := clause_unaudited.deny with input as world([], [audit("IA-1", {"scope": scope})], ["ISO13485:2016"])
	# 4.2 through SOP-001, 8.2 through its sub-clause 8.2.4.
	{f.subject | some f in fs} == set()
	fs2 := clause_unaudited.deny with input as world([], [audit("IA-1", {"scope": object.remove(scope, ["documents"])})], ["ISO13485:2016"])
	{f.subject | some f in fs2} == {"AP-1/ISO13485:4.2"}
	some f in fs2
	contains(f.msg, "2026-01-01 to 2026-12-31")
}

test_audits_of_other_cycles_and_cancelled_ones_do_not_count if {
	fs := clause_unaudited.deny with input as world([], [audit("IA-1", {"date": "2025-06-01", "scope": {"clauses": all_13485}}), audit("IA-2", {"status": "cancelled", "scope": {"clauses": all_13485}})], ["ISO13485:2016"])
	count(fs) == 23
}

test_annex_a_themes if {
	scope := {"clauses": ["ISO27001:4", "ISO27001:5", "ISO27001:6", "ISO27001:7", "ISO27001:8", "ISO27001:9", "ISO27001:10", "ISO27001:A.5", "ISO27001:A.6", "ISO27001:A.8.13"]}
	fs := clause_unaudited.deny with input as world([], [audit("IA-1", {"scope": scope})], ["ISO27001:2022"])
	{f.subject | some f in fs} == {"AP-1/ISO27001:A.7"}
}

test_before_the_first_cycle if {
	fs := clause_unaudited.deny with input as object.union(world([], [audit("IA-1", {"date": "2026-06-01", "scope": {"clauses": all_13485}})], ["ISO13485:2016"]), {"date": "2025-11-01"})
	count(fs) == 0
}

test_excluded_clause_needs_no_audit if {
	manual := {"id": "MAN-1", "kind": "manual", "title": "M", "status": "approved", "exclusions": [{"clause": "ISO13485:7.3", "justification": "We do not design devices."}], "file": "m.md", "line": 1, "pointer": ""}
	scope := {"clauses": ["ISO13485:4", "ISO13485:5", "ISO13485:6", "ISO13485:7.1", "ISO13485:7.2", "ISO13485:7.4", "ISO13485:7.5", "ISO13485:7.6", "ISO13485:8"]}
	count(clause_unaudited.deny) == 0 with input as world([manual], [audit("IA-1", {"scope": scope})], ["ISO13485:2016"])
	count(clause_unaudited.deny) == 1 with input as world([], [audit("IA-1", {"scope": scope})], ["ISO13485:2016"])
}

test_auditor_owns_or_approved if {
	fs := auditor_not_independent.deny with input as world([], [audit("IA-1", {"auditor": "ann", "scope": {"documents": ["SOP-001", "SOP-002"]}})], [])
	{f.subject | some f in fs} == {"IA-1/SOP-001"}
	some f in fs
	contains(f.msg, "owns (as qa-manager)")
	fs2 := auditor_not_independent.deny with input as world([], [audit("IA-1", {"scope": {"documents": ["SOP-001", "SOP-002"]}})], [])
	{f.subject | some f in fs2} == {"IA-1/SOP-002"}
}

test_auditor_who_approved if {
	d := object.union(sop, {"id": "SOP-003", "owner": "ceo", "approvals": [{"by": "Hanna Lenz", "date": "2026-01-01"}]})
	fs := auditor_not_independent.deny with input as world([d], [audit("IA-1", {"scope": {"documents": ["SOP-003", "SOP-001"]}})], [])
	{f.msg | some f in fs} == {"hlenz audits SOP-003 (Document control), which Hanna Lenz approved: choose an auditor independent of it"}
}

test_report_missing if {
	fs := report_missing.deny with input as world([], [audit("IA-1", {"report": null}), audit("IA-2", {"report": "REC-9"}), audit("IA-3", {}), audit("IA-4", {"date": "2026-11-01", "report": null, "status": "planned"}), audit("IA-5", {"status": "cancelled", "report": null})], [])
	{f.subject | some f in fs} == {"IA-1", "IA-2"}
}

finding_report(findings) := object.union(report, {"id": "REC-2", "audit_findings": [object.union(x, {"file": "r.md", "line": 9 + i, "pointer": sprintf("/audit_findings/%d", [i])}) | some i, x in findings]})

capa := {"id": "CAPA-1", "kind": "capa", "title": "C", "status": "open", "opened": "2026-03-02", "file": "c.md", "line": 1, "pointer": ""}

test_finding_untracked if {
	r := finding_report([
		{"id": "F1", "grade": "minor", "capa": "CAPA-1"},
		{"id": "F2", "grade": "major"},
		{"id": "F3", "grade": "observation"},
		{"grade": "minor", "capa": "CAPA-9"},
		{"id": "F5", "grade": "minor", "waiver": "W-9"},
		{"id": "F6", "grade": "minor", "correction": "Link removed", "corrected": "2026-02-19"},
		{"id": "F7", "grade": "major", "correction": "Link removed", "corrected": "2026-02-19"},
		{"id": "F8", "grade": "minor", "correction": "Link removed"},
	])
	fs := finding_untracked.deny with input as world([r, capa], [], [])
	{f.subject | some f in fs} == {"REC-2/F2", "REC-2/4", "REC-2/F5", "REC-2/F7", "REC-2/F8"}
}

test_before_the_first_cycle_without_audits if {
	count(clause_unaudited.deny) == 23 with input as object.union(world([], [], ["ISO13485:2016"]), {"date": "2025-11-01"})
}

# 36 months does not divide a century of months: the cycle is found all
# the same.
test_three_year_cycle if {
	w := world([], [audit("IA-1", {"date": "2027-06-01", "scope": {"clauses": all_13485}})], ["ISO13485:2016"])
	prog := object.union(programme([]), {"cycle": {"start": "2026-01-01", "months": 36}, "audits": [audit("IA-1", {"date": "2028-06-01", "scope": {"clauses": ["ISO13485:4", "ISO13485:5", "ISO13485:6", "ISO13485:7"]}})]})
	fs := clause_unaudited.deny with input as object.union(w, {"registers": [people, prog]})
	count(fs) == 5
	some f in fs
	contains(f.msg, "2026-01-01 to 2028-12-31")
}

manual := {"id": "MAN-1", "kind": "manual", "title": "M", "status": "approved", "processes": ["Document control", {"name": "Internal audit", "owner": "qa-manager"}, {"name": "Purchasing", "owner": "hlenz"}], "file": "m.md", "line": 1, "pointer": ""}

test_every_process_audited if {
	scope := {"processes": ["document control ", "Internal Audit", "purchasing"]}
	count(process_unaudited.deny) == 0 with input as world([manual], [audit("IA-1", {"scope": scope})], [])
}

test_process_unaudited if {
	# Purchasing only in an audit of the last cycle, internal audit in a
	# cancelled one.
	audits := [
		audit("IA-1", {"scope": {"processes": ["Document control"]}}),
		audit("IA-0", {"date": "2025-06-01", "scope": {"processes": ["Purchasing"]}}),
		audit("IA-2", {"status": "cancelled", "scope": {"processes": ["Internal audit"]}}),
	]
	fs := process_unaudited.deny with input as world([manual], audits, [])
	{f.subject | some f in fs} == {"AP-1/Internal audit", "AP-1/Purchasing"}
	some f in fs
	f.pointer == "/audits"
	contains(f.msg, "(MAN-1)")
	# Without a manual listing processes, nothing to judge.
	count(process_unaudited.deny) == 0 with input as world([], audits, [])
}

test_auditor_owns_the_process if {
	scope := {"processes": ["Internal audit", "Purchasing", "Document control"]}
	# Ann holds qa-manager, the owner role of internal audit.
	fs := auditor_not_independent.deny with input as world([manual], [audit("IA-1", {"auditor": "Ann Weber", "scope": scope})], [])
	{f.subject | some f in fs} == {"IA-1/Internal audit"}
	some f in fs
	f.pointer == "/audits/0/scope/processes/0"
	contains(f.msg, "which Ann Weber owns (owner: qa-manager in MAN-1)")
	# Hanna is named as the owner of purchasing.
	fs2 := auditor_not_independent.deny with input as world([manual], [audit("IA-1", {"scope": scope})], [])
	{f.subject | some f in fs2} == {"IA-1/Purchasing"}
	# Before Ann held the role, she was independent of it.
	count(auditor_not_independent.deny) == 0 with input as world([manual], [audit("IA-1", {"auditor": "ann", "date": "2024-06-01", "scope": scope})], [])
}

test_every_audit_reported if {
	count(report_missing.deny) == 0 with input as world([], [audit("IA-1", {}), audit("IA-2", {"date": "2026-11-20", "status": "planned", "report": null})], [])
}

test_every_finding_tracked if {
	r := finding_report([{"id": "F1", "grade": "major", "capa": "CAPA-1"}, {"id": "F2", "grade": "minor", "correction": "Link removed", "corrected": "2026-02-19"}])
	count(finding_untracked.deny) == 0 with input as world([r, capa], [], [])
}

test_scope_names_the_manuals_processes if {
	scope := {"processes": ["document control ", "Internal Audit"]}
	count(scope_unknown.deny) == 0 with input as world([manual], [audit("IA-1", {"scope": scope})], [])
}

test_scope_names_an_unknown_process if {
	scope := {"processes": ["Document control", "Purchase"]}
	fs := scope_unknown.deny with input as world([manual], [audit("IA-1", {"scope": scope})], [])
	count(fs) == 1
	some f in fs
	f.subject == "IA-1/Purchase"
	f.pointer == "/audits/0/scope/processes/1"
	contains(f.msg, "which MAN-1 does not list among its 3 processes")
	# A cancelled audit is not judged, nor a programme without a manual
	# listing processes.
	count(scope_unknown.deny) == 0 with input as world([manual], [audit("IA-1", {"scope": scope, "status": "cancelled"})], [])
	count(scope_unknown.deny) == 0 with input as world([], [audit("IA-1", {"scope": scope})], [])
}
