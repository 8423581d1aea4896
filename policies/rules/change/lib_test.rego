package qmslint.rules.change.lib_test

import data.qmslint.rules.change.lib

# Two documents share an id (the first wins) and a register has one.
side := {
	"documents": [{"id": "SOP-1", "n": 1}, {"id": "SOP-1", "n": 2}, {"title": "no id"}],
	"registers": [{"id": "RISK", "n": 3}, {"id": "SOP-1", "n": 4}],
}

# What review gives: the same side with its index.
indexed := object.union(side, {"index": {"document_of_id": {"SOP-1": 0}, "register_of_id": {"RISK": 0}}})

test_items_by_scan if {
	lib.base_item("SOP-1").n == 1 with input as {"change": {"base": side}}
	lib.head_item("RISK").n == 3 with input as {"change": {"head": side}}
	not lib.head_item("SOP-9") with input as {"change": {"head": side}}
}

test_items_by_index if {
	lib.base_item("SOP-1").n == 1 with input as {"change": {"base": indexed}}
	lib.head_item("RISK").n == 3 with input as {"change": {"head": indexed}}
	not lib.head_item("SOP-9") with input as {"change": {"head": indexed}}
}

test_by_id_the_same_either_way if {
	scanned := lib.base_by_id with input as {"change": {"base": side, "head": side}}
	from_index := lib.base_by_id with input as {"change": {"base": indexed, "head": indexed}}
	scanned == from_index
	scanned == {"SOP-1": {"id": "SOP-1", "n": 1}, "RISK": {"id": "RISK", "n": 3}}
	lib.head_by_id == scanned with input as {"change": {"base": side, "head": indexed}}
}

test_new_approvals_of_an_added_item if {
	head := {"documents": [{"id": "SOP-2", "approvals": [{"by": "Ann", "date": "2026-05-01"}]}], "index": {"document_of_id": {"SOP-2": 0}, "register_of_id": {}}}
	base := {"documents": [], "index": {"document_of_id": {}, "register_of_id": {}}}
	count(lib.new_approvals("SOP-2")) == 1 with input as {"change": {"base": base, "head": head}}
}
