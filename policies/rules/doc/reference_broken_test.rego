package qmslint.rules.doc.reference_broken_test

import data.qmslint.rules.doc.reference_broken as rule

sop := {"id": "SOP-1", "kind": "procedure", "title": "T", "file": "a.md", "line": 1, "pointer": "", "references": ["FRM-1", "FRM-9"], "links": [
	{"target": "forms/frm-1.md", "path": "forms/frm-1.md", "local": true, "exists": true, "line": 20},
	{"target": "gone.md#x", "path": "gone.md", "local": true, "exists": false, "line": 22},
	{"target": "https://example.org", "path": "", "local": false, "exists": false, "line": 23},
	{"target": "gone.md", "path": "gone.md", "local": true, "exists": false, "line": 24},
], "linked_files": [
	{"path": "forms/frm-1.md", "exists": true, "line": 20},
	{"path": "gone.md", "exists": false, "line": 22},
]}

frm := {"id": "FRM-1", "kind": "form", "title": "F", "file": "forms/frm-1.md", "line": 1, "pointer": ""}

test_unknown_id_and_missing_file if {
	fs := rule.deny with input as {"documents": [sop, frm], "registers": []}
	subjects := {f.subject | some f in fs}
	subjects == {"SOP-1/FRM-9", "SOP-1/gone.md"}
}

test_reference_to_register_item_is_valid if {
	d := object.union(sop, {"references": ["bk-1"], "links": [], "linked_files": []})
	count(rule.deny) == 0 with input as {"documents": [d], "registers": [{"kind": "inventory", "assets": [{"id": "bk-1"}]}]}
}

# Two links to the same missing file are one problem (linked_files lists
# each file once), reported at the first link, as written there.
test_repeated_missing_link_is_one_finding if {
	fs := rule.deny with input as {"documents": [sop, frm], "registers": []}
	[f] := [f | some f in fs; f.subject == "SOP-1/gone.md"]
	f.line == 22
	contains(f.msg, "links to gone.md#x,")
}

# A missing file is reported by its path when the input lists no link for
# it (hand-made inputs).
test_missing_file_without_its_link if {
	d := object.union(sop, {"references": [], "links": [], "linked_files": [{"path": "gone.md", "exists": false, "line": 7}]})
	fs := rule.deny with input as {"documents": [d], "registers": []}
	[f] := [f | some f in fs]
	f.line == 7
	contains(f.msg, "links to gone.md,")
}

# A relative link written as if from the root names the path it really
# reaches; one written as the path itself does not repeat it.
test_message_names_the_resolved_path if {
	d := object.union(sop, {"file": "qms/index/a.md", "references": [], "links": [{"target": "qms/manual.md", "line": 3, "local": true, "path": "qms/index/qms/manual.md", "exists": false}], "linked_files": [{"path": "qms/index/qms/manual.md", "exists": false, "line": 3}]})
	[f] := [f | some f in rule.deny with input as {"documents": [d], "registers": []}]
	contains(f.msg, "links to qms/manual.md (that is qms/index/qms/manual.md from the repository root, since a relative link starts at its file's folder), which")
	d2 := object.union(d, {"links": [{"target": "./qms/index/qms/manual.md", "line": 3, "local": true, "path": "qms/index/qms/manual.md", "exists": false}]})
	[f2] := [f | some f in rule.deny with input as {"documents": [d2], "registers": []}]
	contains(f2.msg, "links to ./qms/index/qms/manual.md, which")
	d3 := object.union(d, {"links": [{"target": "manual", "line": 3, "local": true, "path": "qms/index/manual", "exists": false}], "linked_files": [{"path": "qms/index/manual", "exists": false, "line": 3}]})
	[f3] := [f | some f in rule.deny with input as {"documents": [d3], "registers": []}]
	contains(f3.msg, "links to manual, which")
}

# The input names the first link as written (linked_files[].target): the
# message quotes it without looking for the link among all of them.
test_message_quotes_the_linked_files_target if {
	d := object.union(sop, {"references": [], "links": [], "linked_files": [{"path": "gone.md", "exists": false, "line": 22, "target": "gone.md#x"}]})
	[f] := [f | some f in rule.deny with input as {"documents": [d], "registers": []}]
	f.line == 22
	contains(f.msg, "links to gone.md#x,")
}

# A link with a slash, named by the input (linked_files[].target), is
# shown with the file it reaches; one without is shown as written.
test_message_resolves_the_linked_files_target_with_a_slash if {
	d := object.union(sop, {"file": "qms/index/a.md", "references": [], "links": [], "linked_files": [
		{"path": "qms/index/qms/manual.md", "exists": false, "line": 3, "target": "qms/manual.md#scope"},
		{"path": "qms/index/manual.md", "exists": false, "line": 4, "target": "manual.md"},
	]})
	msgs := {f.line: f.msg | some f in rule.deny with input as {"documents": [d], "registers": []}}
	msgs[3] == "SOP-1 (T) links to qms/manual.md#scope (that is qms/index/qms/manual.md from the repository root, since a relative link starts at its file's folder), which does not exist: fix the link or restore the file"
	msgs[4] == "SOP-1 (T) links to manual.md, which does not exist: fix the link or restore the file"
}

# A linked file the input does not mark as existing is reported, as when
# exists is false; one marked true is not.
test_linked_file_without_exists_is_missing if {
	d := object.union(sop, {"references": [], "links": [], "linked_files": [
		{"path": "gone.md", "line": 7, "target": "gone.md"},
		{"path": "here.md", "line": 8, "target": "here.md", "exists": true},
	]})
	lines := {f.line | some f in rule.deny with input as {"documents": [d], "registers": []}}
	lines == {7}
}
