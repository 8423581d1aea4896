package qmslint.rules.change.obsolete_without_replacement_test

import data.qmslint.rules.change.obsolete_without_replacement as rule
import data.qmslint.rules.change.testdata as td

test_obsolete_without_successor if {
	fs := rule.deny with input as td.input_with([td.sop({"status": "obsolete"})], td.changed({"status_after": "obsolete"}))
	count(fs) == 1
	some f in fs
	f.pointer == "/status"
}

test_obsolete_with_successor_in_force if {
	count(rule.deny) == 0 with input as td.input_with([td.sop({"status": "obsolete", "superseded_by": "WI-1"})], td.changed({"status_after": "obsolete"}))
}

test_successor_itself_obsolete if {
	count(rule.deny) == 1 with input as td.input_with([td.sop({"status": "obsolete", "superseded_by": "SOP-1"})], td.changed({"status_after": "obsolete"}))
}

test_deleted_but_referenced if {
	fs := rule.deny with input as td.input_with([], td.changed({"status": "removed", "status_after": ""}))
	count(fs) == 1
	some f in fs
	f.line == 0
	contains(f.msg, "WI-1")
}

test_deleted_unreferenced if {
	count(rule.deny) == 0 with input as td.input_with([], td.changed({"status": "removed", "status_after": "", "impact": {"referenced_by": []}}))
}
