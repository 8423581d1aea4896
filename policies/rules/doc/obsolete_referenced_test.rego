package qmslint.rules.doc.obsolete_referenced_test

import data.qmslint.rules.doc.obsolete_referenced as rule

old := {"id": "SOP-1", "kind": "procedure", "title": "Old", "status": "obsolete", "superseded_by": "SOP-2", "file": "old.md", "line": 1, "pointer": ""}

test_reference_to_obsolete if {
	d := {"id": "SOP-3", "kind": "procedure", "status": "approved", "file": "a.md", "line": 1, "pointer": "", "references": ["SOP-1"]}
	fs := rule.deny with input as {"documents": [old, d]}
	count(fs) == 1
	some f in fs
	contains(f.msg, "replaced by SOP-2")
}

test_link_to_obsolete if {
	d := {"id": "SOP-3", "kind": "procedure", "status": "approved", "file": "a.md", "line": 1, "pointer": "", "links": [{"path": "old.md", "target": "old.md", "local": true, "exists": true, "line": 9}], "linked_files": [{"path": "old.md", "exists": true, "line": 9}]}
	fs := rule.deny with input as {"documents": [old, d]}
	count(fs) == 1
	some f in fs
	f.line == 9
}

test_obsolete_may_refer_to_obsolete if {
	d := {"id": "SOP-0", "kind": "procedure", "status": "obsolete", "file": "a.md", "line": 1, "pointer": "", "references": ["SOP-1"]}
	count(rule.deny) == 0 with input as {"documents": [old, d]}
}

test_reference_to_current_passes if {
	cur := object.union(old, {"status": "approved"})
	d := {"id": "SOP-3", "kind": "procedure", "status": "approved", "file": "a.md", "line": 1, "pointer": "", "references": ["SOP-1"]}
	count(rule.deny) == 0 with input as {"documents": [cur, d]}
}

test_obsolete_without_replacement_is_named_alone if {
	gone := object.remove(old, ["superseded_by"])
	d := {"id": "SOP-3", "kind": "procedure", "status": "approved", "file": "a.md", "line": 1, "pointer": "", "references": ["SOP-1"]}
	fs := rule.deny with input as {"documents": [gone, d]}
	[f] := [f | some f in fs]
	endswith(f.msg, "which is obsolete: refer to the document in force")
}
