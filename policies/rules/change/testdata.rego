package qmslint.rules.change.testdata

# A base with SOP-1 approved at revision 3 and WI-1 referring to it.
sop(extra) := object.union({"id": "SOP-1", "kind": "procedure", "title": "Doc control", "status": "approved", "revision": 3, "file": "sop.md", "line": 1, "pointer": "", "clauses": ["ISO13485:4.2.4"], "effective": "2026-03-10", "approvals": [{"by": "Ann", "date": "2026-03-01"}]}, extra)

wi := {"id": "WI-1", "kind": "work-instruction", "title": "W", "status": "approved", "file": "wi.md", "line": 1, "pointer": "", "references": ["SOP-1"]}

changed(extra) := object.union({"id": "SOP-1", "kind": "procedure", "title": "Doc control", "status": "changed", "file": "sop.md", "content_changed": true, "revision_before": "3", "revision_after": "4", "revision_bumped": true, "status_before": "approved", "status_after": "approved", "changed_on": "2026-05-02", "commits": ["c1"], "clauses": ["ISO13485:4.2.4"], "soa_controls": [], "impact": {"referenced_by": ["WI-1"], "risks": [], "capas": [], "soa_controls": []}}, extra)

input_with(head_sop, c) := {"change": {
	"base": {"ref": "main", "commit": "b", "date": "2026-04-01", "documents": [sop({}), wi], "registers": []},
	"head": {"ref": "HEAD", "commit": "h", "date": "2026-05-03", "documents": array.concat(head_sop, [wi]), "registers": []},
	"changed": [c],
}}

# A proper change: revision 4, approved after the change, effective later.
good_sop := sop({"revision": 4, "effective": "2026-05-10", "approvals": [{"by": "Ann", "date": "2026-05-03"}]})
