package qmslint.rules.training_test

import data.qmslint.rules.training.missing
import data.qmslint.rules.training.reference_unknown

people := {"id": "PEOPLE", "kind": "people", "file": "people.yaml", "line": 1, "pointer": "", "people": [
	{"id": "ann", "name": "Ann Weber", "roles": [{"role": "operator", "from": "2025-01-01"}], "file": "people.yaml", "line": 2, "pointer": "/people/0"},
	{"id": "ben", "name": "Ben Adler", "roles": [{"role": "operator", "from": "2026-11-01"}], "file": "people.yaml", "line": 3, "pointer": "/people/1"},
	{"id": "cem", "name": "Cem Kaya", "roles": [{"role": "operator", "from": "2020-01-01", "to": "2026-01-31"}, {"role": "ceo", "from": "2020-01-01"}], "file": "people.yaml", "line": 4, "pointer": "/people/2"},
]}

sop := {"id": "SOP-010", "kind": "procedure", "title": "Backup", "status": "approved", "revision": 7, "effective": "2026-06-01", "training": {"roles": ["operator"], "within_days": 30}, "file": "s.md", "line": 1, "pointer": ""}

log(records) := {"id": "LOG-T", "kind": "training-log", "file": "t.yaml", "line": 1, "pointer": "", "records": [object.union(r, {"file": "t.yaml", "line": 5 + i, "pointer": sprintf("/records/%d", [i])}) | some i, r in records]}

world(docs, records) := {"date": "2026-11-24", "documents": docs, "registers": [people, log(records)], "config": {"rules": {}}}

test_untrained_operator if {
	fs := missing.deny with input as world([sop], [{"date": "2026-06-10", "document": "SOP-010", "revision": 6, "people": ["ann"]}])
	# Ann was trained on revision 6 only; Ben took up the role on 1 November
	# and is still within his 30 days; Cem left the role.
	{f.subject | some f in fs} == {"SOP-010/ann"}
	some f in fs
	f.pointer == "/training"
	contains(f.msg, "revision 7 within 30 days")
	contains(f.msg, "due 2026-07-01")
}

test_trained_on_current_revision if {
	count(missing.deny) == 0 with input as world([sop], [{"date": "2026-06-10", "document": "SOP-010", "revision": "7", "people": ["Ann Weber"]}])
}

test_new_role_holder_due_after_window if {
	fs := missing.deny with input as object.union(world([sop], [{"date": "2026-06-10", "document": "SOP-010", "revision": 7, "people": ["ann"]}]), {"date": "2026-12-15"})
	{f.subject | some f in fs} == {"SOP-010/ben"}
}

test_default_window_and_future_records if {
	d := object.union(sop, {"training": {"roles": ["operator"]}})
	# A record dated after today proves nothing yet.
	fs := missing.deny with input as world([d], [{"date": "2026-12-01", "document": "SOP-010", "revision": 7, "people": ["ann"]}])
	{f.subject | some f in fs} == {"SOP-010/ann"}
}

test_not_judged_without_people_or_training if {
	count(missing.deny) == 0 with input as {"date": "2026-11-24", "documents": [sop], "registers": [], "config": {"rules": {}}}
	count(missing.deny) == 0 with input as world([object.remove(sop, ["training"])], [])
	count(missing.deny) == 0 with input as world([object.union(sop, {"status": "draft"})], [])
}

test_revision_that_never_existed if {
	fs := reference_unknown.deny with input as world([sop], [
		{"date": "2026-06-10", "document": "SOP-010", "revision": 8, "people": ["ann"]},
		{"date": "2026-06-10", "document": "SOP-010", "revision": "7", "people": ["ann"]},
	])
	{f.subject | some f in fs} == {"SOP-010@8/2026-06-10"}
	some f in fs
	f.pointer == "/records/0/revision"
}

test_unknown_document_and_person if {
	fs := reference_unknown.deny with input as world([sop], [{"date": "2026-06-10", "document": "SOP-099", "revision": 1, "people": ["ann", "Random Intern"]}])
	{f.subject | some f in fs} == {"SOP-099@1/2026-06-10", "SOP-099@1/2026-06-10/Random Intern"}
}

test_letter_revisions_are_not_compared if {
	d := object.union(sop, {"revision": "C"})
	count(reference_unknown.deny) == 0 with input as world([d], [{"date": "2026-06-10", "document": "SOP-010", "revision": "D", "people": ["ann"]}])
}

test_window_from_latest_approval_without_effective_date if {
	d := object.union(object.remove(sop, ["effective"]), {"approvals": [{"by": "Cem Kaya", "date": "2026-11-01"}]})
	count(missing.deny) == 0 with input as world([d], [{"date": "2026-06-10", "document": "SOP-010", "revision": 7, "people": ["Somebody Else"]}])
	count(missing.deny) == 2 with input as object.union(world([d], [{"date": "2026-06-10", "document": "SOP-010", "revision": 7, "people": ["Somebody Else"]}]), {"date": "2027-01-05"})
}
