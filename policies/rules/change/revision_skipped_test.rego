package qmslint.rules.change.revision_skipped_test

import data.qmslint.rules.change.revision_skipped as rule
import data.qmslint.rules.change.testdata as td

revised(before, after) := td.input_with([td.sop({"revision": after})], td.changed({"revision_before": before, "revision_after": after}))

test_next_revision_is_fine if {
	count(rule.deny) == 0 with input as revised("3", "4")
	count(rule.deny) == 0 with input as revised("B", "C")
	count(rule.deny) == 0 with input as revised("3", "3")
}

test_jump_from_6_to_9 if {
	fs := rule.deny with input as revised("6", "9")
	count(fs) == 1
	some f in fs
	f.subject == "SOP-1"
	f.pointer == "/revision"
	not f.severity
	contains(f.msg, "SOP-1 (Doc control) went from revision 6 to 9 since main, skipping 7, 8: number this revision 7")
}

test_letters if {
	some f in rule.deny with input as revised("A", "D")
	contains(f.msg, "skipping B, C: number this revision B")
}

test_backwards_is_minor if {
	some f in rule.deny with input as revised("5", "4")
	f.severity == "minor"
	contains(f.msg, "went back from revision 5 to 4")
}

# New documents, other numbering schemes and dotted revisions are left
# alone.
test_other_forms if {
	count(rule.deny) == 0 with input as revised("A", "3")
	count(rule.deny) == 0 with input as revised("1.2", "1.5")
	count(rule.deny) == 0 with input as td.input_with([td.sop({})], td.changed({"status": "added", "revision_before": "", "revision_after": "7"}))
	count(rule.deny) == 0 with input as {}
}
