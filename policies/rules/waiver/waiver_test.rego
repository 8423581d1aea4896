package qmslint.rules.waiver.waiver_test

import data.qmslint.rules.waiver.invalid
import data.qmslint.rules.waiver.orphaned

waiver(extra) := object.union(
	{
		"id": "W-1", "kind": "waiver", "findings": ["doc.review-overdue:SOP-1"],
		"justification": "The SOP is being rewritten under CAPA-7", "approved_by": "QA Manager",
		"approved": "2026-01-10", "expires": "2026-07-10",
		"file": "waivers/W-1.md", "line": 1, "pointer": "",
	},
	extra,
)

repo(ws) := {"date": "2026-02-01", "config": {"rules": {}}, "documents": ws}

test_complete_waiver_is_valid if {
	count(invalid.deny) == 0 with input as repo([waiver({})])
}

test_missing_fields_are_listed_in_one_finding if {
	fs := invalid.deny with input as repo([object.remove(waiver({"justification": " "}), ["approved_by", "expires"])])
	count(fs) == 1
	some f in fs
	f.subject == "W-1"
	contains(f.msg, "no justification")
	contains(f.msg, "no approved_by")
	contains(f.msg, "no expires")
}

test_expiry_beyond_default_maximum if {
	some f in invalid.deny with input as repo([waiver({"expires": "2027-01-11"})])
	contains(f.msg, "later than 2027-01-10, 12 months")
	count(invalid.deny) == 0 with input as repo([waiver({"expires": "2027-01-10"})])
}

test_expiry_maximum_is_configurable if {
	inp := object.union(repo([waiver({"expires": "2026-04-11"})]), {"config": {"rules": {"waiver.invalid": {"max_months": 3}}}})
	some f in invalid.deny with input as inp
	contains(f.msg, "3 months")
}

test_expiry_before_approval if {
	some f in invalid.deny with input as repo([waiver({"expires": "2026-01-01"})])
	contains(f.msg, "before it was approved")
}

test_orphaned_when_no_named_finding_exists if {
	inp := object.union(repo([waiver({"findings": ["a.b:X", "c.d:Y"]})]), {"findings": [{"id": "e.f:Z"}]})
	fs := orphaned.deny with input as inp
	[f.subject | some f in fs] == ["W-1"]
}

test_not_orphaned_while_one_finding_exists if {
	inp := object.union(repo([waiver({"findings": ["a.b:X", "c.d:Y"]})]), {"findings": [{"id": "c.d:Y"}]})
	count(orphaned.deny) == 0 with input as inp
}

test_expired_waiver_is_history_not_orphan if {
	inp := object.union(repo([waiver({"expires": "2026-01-31"})]), {"findings": []})
	count(orphaned.deny) == 0 with input as inp
}

test_orphaned_is_silent_outside_the_trace_phase if {
	count(orphaned.deny) == 0 with input as repo([waiver({})])
}

# "justification:" left empty in YAML arrives as null, not "".
test_null_fields_are_blank if {
	some f in invalid.deny with input as repo([waiver({"justification": null, "approved_by": null})])
	contains(f.msg, "no justification")
	contains(f.msg, "no approved_by")
}

test_approved_after_the_evaluation_date if {
	some f in invalid.deny with input as repo([waiver({"approved": "2026-03-01", "expires": "2026-09-01"})])
	contains(f.msg, "approved on 2026-03-01, after the evaluation date 2026-02-01")
}
