package qmslint.rules.approval_test

import data.qmslint.rules.approval.after_effective
import data.qmslint.rules.approval.approver_unknown
import data.qmslint.rules.approval.commit_evidence
import data.qmslint.rules.approval.future_dated
import data.qmslint.rules.approval.self_approved
import data.qmslint.rules.approval.signoff_unauthorised
import data.qmslint.rules.approval.unauthorised

people := {"id": "PEOPLE", "kind": "people", "file": "people.yaml", "line": 1, "pointer": "", "people": [
	{"id": "ann", "name": "Ann Weber", "emails": ["ann@example.com"], "roles": [{"role": "qa-manager", "from": "2025-01-01"}], "file": "people.yaml", "line": 2, "pointer": "/people/0"},
	{"id": "ben", "name": "Ben Adler", "roles": [{"role": "developer", "from": "2025-01-01"}, {"role": "qa-manager", "from": "2024-01-01", "to": "2024-12-31"}], "file": "people.yaml", "line": 3, "pointer": "/people/1"},
	{"id": "cem", "name": "Cem Kaya", "roles": [{"role": "ceo", "from": "2020-01-01"}], "deputies": ["ben"], "file": "people.yaml", "line": 4, "pointer": "/people/2"},
]}

authority := {"procedure": ["qa-manager"], "waiver": ["ceo"], "capa-closure": ["qa-manager"], "risk-acceptance": ["ceo"]}

control := {"id": "SOP-001", "kind": "procedure", "title": "Document control", "status": "approved", "effective": "2025-01-01", "approvals": [{"by": "Ann Weber", "date": "2025-01-01", "file": "s1.md", "line": 8, "pointer": "/approvals/0"}], "parameters": {"approval_authority": authority}, "file": "s1.md", "line": 1, "pointer": ""}

sop(extra) := object.union({"id": "SOP-2", "kind": "procedure", "title": "T", "status": "approved", "file": "s2.md", "line": 1, "pointer": ""}, extra)

approval(by, date) := {"by": by, "date": date, "file": "s2.md", "line": 7, "pointer": "/approvals/0"}

world(docs) := {"date": "2026-11-24", "documents": array.concat([control], docs), "registers": [people], "config": {"rules": {}}}

no_people(docs) := {"date": "2026-11-24", "documents": array.concat([control], docs), "registers": [], "config": {"rules": {}}}

test_unknown_approver if {
	fs := approver_unknown.deny with input as world([sop({"approvals": [approval("Random Intern", "2026-01-05")]})])
	{f.subject | some f in fs} == {"SOP-2/Random Intern"}
	some f in fs
	f.pointer == "/approvals/0/by"
}

test_known_by_name_id_or_email if {
	count(approver_unknown.deny) == 0 with input as world([sop({"approvals": [approval("ann weber", "2026-01-05"), approval("ben", "2026-01-05"), approval("ann@example.com", "2026-01-05")]})])
}

test_without_people_register_names_are_not_judged if {
	count(approver_unknown.deny) == 0 with input as no_people([sop({"approvals": [approval("Random Intern", "2026-01-05")]})])
	count(unauthorised.deny) == 0 with input as no_people([sop({"approvals": [approval("Random Intern", "2026-01-05")]})])
}

test_unauthorised_approver if {
	fs := unauthorised.deny with input as world([sop({"approvals": [approval("Ben Adler", "2026-01-05")]})])
	{f.subject | some f in fs} == {"SOP-2"}
	some f in fs
	contains(f.msg, "qa-manager, as SOP-001 requires")
}

test_role_held_at_the_approval_date_counts if {
	# Ben was QA manager in 2024 only.
	count(unauthorised.deny) == 0 with input as world([sop({"approvals": [approval("Ben Adler", "2024-06-01")]})])
	count(unauthorised.deny) == 1 with input as world([sop({"approvals": [approval("Ben Adler", "2025-06-01")]})])
}

test_one_authorised_approver_is_enough if {
	count(unauthorised.deny) == 0 with input as world([sop({"approvals": [approval("Ben Adler", "2026-01-05"), approval("Ann Weber", "2026-01-06")]})])
}

test_unregulated_kind_is_not_judged if {
	count(unauthorised.deny) == 0 with input as world([sop({"kind": "form", "approvals": [approval("Ben Adler", "2026-01-05")]})])
}

test_authority_from_config if {
	ctl := object.remove(control, ["parameters"])
	w := {"date": "2026-11-24", "documents": [ctl, sop({"approvals": [approval("Ann Weber", "2026-01-05")]})], "registers": [people], "config": {"rules": {"approval.unauthorised": {"authority": {"default": ["ceo"]}}}}}
	fs := unauthorised.deny with input as w
	{f.subject | some f in fs} == {"SOP-001", "SOP-2"}
}

test_future_dated if {
	fs := future_dated.deny with input as no_people([sop({"approvals": [approval("Ann Weber", "2027-01-06")]})])
	{f.subject | some f in fs} == {"SOP-2/Ann Weber"}
	count(future_dated.deny) == 0 with input as no_people([sop({"approvals": [approval("Ann Weber", "2026-11-24")]})])
}

test_after_effective if {
	fs := after_effective.deny with input as no_people([sop({"effective": "2026-03-01", "approvals": [approval("Ann Weber", "2026-03-05")]})])
	{f.subject | some f in fs} == {"SOP-2/Ann Weber"}
	some f in fs
	f.pointer == "/approvals/0/date"
	count(after_effective.deny) == 0 with input as no_people([sop({"effective": "2026-03-05", "approvals": [approval("Ann Weber", "2026-03-05")]})])
	count(after_effective.deny) == 0 with input as no_people([sop({"approvals": [approval("Ann Weber", "2026-03-05")]})])
}

test_obsolete_documents_are_not_judged if {
	count(future_dated.deny) == 0 with input as no_people([sop({"status": "obsolete", "approvals": [approval("Ann Weber", "2027-01-06")]})])
}

test_register_approvals_are_judged if {
	reg := {"id": "RR-1", "kind": "risk-register", "file": "r.yaml", "line": 1, "pointer": "", "approvals": [{"by": "Ann Weber", "date": "2027-01-01", "file": "r.yaml", "line": 3, "pointer": "/approvals/0"}]}
	fs := future_dated.deny with input as {"date": "2026-11-24", "documents": [], "registers": [reg], "config": {"rules": {}}}
	{f.subject | some f in fs} == {"RR-1/Ann Weber"}
}

test_self_approved if {
	fs := self_approved.deny with input as world([sop({"author": "ann", "approvals": [approval("Ann Weber", "2026-01-05")]})])
	{f.subject | some f in fs} == {"SOP-2/Ann Weber"}
	count(self_approved.deny) == 1 with input as no_people([sop({"author": "Ann Weber", "approvals": [approval("ann weber", "2026-01-05")]})])
	count(self_approved.deny) == 0 with input as world([sop({"author": "ben", "approvals": [approval("Ann Weber", "2026-01-05")]})])
	count(self_approved.deny) == 0 with input as world([sop({"approvals": [approval("Ann Weber", "2026-01-05")]})])
}

# A commit of SOP-2's history (input.history), newest first.
commit(hash, email, rev_before, rev_after, content) := {
	"commit": hash, "date": "2026-01-04", "author": email, "email": email, "message": "m", "file": "s2.md",
	"revision_before": rev_before, "revision_after": rev_after, "added": false, "removed": false,
	"content_changed": content, "signed": false, "approved_by": [],
}

with_history(docs, entries) := object.union(world(docs), {"history": {"SOP-2": entries}})

rev3(approvals) := sop({"revision": 3, "approvals": approvals})

test_self_approved_from_git_history if {
	# Ann wrote revision 3 (commit aaaa...) and approves it.
	hist := [commit("cccccccc1", "ben@example.com", "3", "3", false), commit("aaaaaaaa1", "ANN@example.com", "2", "3", true)]
	fs := self_approved.deny with input as with_history([rev3([approval("Ann Weber", "2026-01-05")])], hist)
	{f.subject | some f in fs} == {"SOP-2/Ann Weber"}
	some f in fs
	contains(f.msg, "who wrote it (commit aaaaaaaa)")
	f.pointer == "/approvals/0/by"
}

test_git_authorship_of_an_earlier_revision_or_control_fields_is_not_self_approval if {
	# Ann wrote revision 2; for revision 3 she only recorded approvals.
	hist := [commit("bbbbbbbb1", "ann@example.com", "3", "3", false), commit("cccccccc1", "cem@example.com", "2", "3", true), commit("aaaaaaaa1", "ann@example.com", "1", "2", true)]
	count(self_approved.deny) == 0 with input as with_history([rev3([approval("Ann Weber", "2026-01-05")])], hist)
}

test_git_author_and_author_field_give_one_finding if {
	hist := [commit("aaaaaaaa1", "ann@example.com", "2", "3", true)]
	count(self_approved.deny) == 1 with input as with_history([sop({"revision": 3, "author": "ann", "approvals": [approval("Ann Weber", "2026-01-05")]})], hist)
}

test_self_approved_by_a_git_author_the_register_does_not_know if {
	# Dee is in no register: her commit's author name is the identity.
	dee := object.union(commit("dddddddd1", "dee@example.com", "2", "3", true), {"author": "Dee Unknown"})
	fs := self_approved.deny with input as with_history([rev3([approval(" dee unknown", "2026-01-05")])], [dee])
	{f.subject | some f in fs} == {"SOP-2/ dee unknown"}
	# A commit without an author names nobody.
	anon := object.remove(commit("eeeeeeee1", "nobody@example.com", "2", "3", true), ["author"])
	count(self_approved.deny) == 0 with input as with_history([rev3([approval("nobody@example.com", "2026-01-05")])], [anon])
}

evidence_required(docs, entries) := object.union(with_history(docs, entries), {"config": {"rules": {"approval.commit-evidence": {"required": true}}}})

test_commit_evidence_missing if {
	hist := [commit("cccccccc1", "cem@example.com", "2", "3", true)]
	fs := commit_evidence.deny with input as evidence_required([rev3([approval("Ann Weber", "2026-01-05")])], hist)
	{f.subject | some f in fs} == {"SOP-2/Ann Weber"}
	some f in fs
	contains(f.msg, "ann@example.com")
	contains(f.msg, "as .qmslint.yaml sets")
}

test_commit_evidence_signed_or_trailer if {
	signed := object.union(commit("bbbbbbbb1", "ann@example.com", "3", "3", false), {"signed": true})
	count(commit_evidence.deny) == 0 with input as evidence_required([rev3([approval("Ann Weber", "2026-01-05")])], [signed])
	trailer := object.union(commit("bbbbbbbb1", "cem@example.com", "3", "3", false), {"approved_by": ["Ann Weber <Ann@Example.com>"]})
	count(commit_evidence.deny) == 0 with input as evidence_required([rev3([approval("Ann Weber", "2026-01-05")])], [trailer])
	# A trailer with her name but no e-mail of hers, or a signed commit of
	# someone else, is no evidence of her approval.
	by_name := object.union(commit("bbbbbbbb1", "cem@example.com", "3", "3", false), {"approved_by": ["Ann Weber <ann@elsewhere.example>"], "signed": true})
	count(commit_evidence.deny) == 1 with input as evidence_required([rev3([approval("Ann Weber", "2026-01-05")])], [by_name])
	# Evidence of an earlier revision does not carry over.
	old := object.union(commit("bbbbbbbb1", "ann@example.com", "2", "2", false), {"signed": true})
	count(commit_evidence.deny) == 1 with input as evidence_required([rev3([approval("Ann Weber", "2026-01-05")])], [commit("cccccccc1", "cem@example.com", "2", "3", true), old])
}

test_commit_evidence_off_by_default_and_outside_git if {
	hist := [commit("cccccccc1", "cem@example.com", "2", "3", true)]
	count(commit_evidence.deny) == 0 with input as with_history([rev3([approval("Ann Weber", "2026-01-05")])], hist)
	count(commit_evidence.deny) == 0 with input as object.union(world([rev3([approval("Ann Weber", "2026-01-05")])]), {"config": {"rules": {"approval.commit-evidence": {"required": true}}}})
}

waiver(by) := object.union({"id": "W-1", "kind": "waiver", "findings": ["x:y"], "approved": "2026-05-02", "file": "w.md", "line": 1, "pointer": ""}, by)

capa(extra) := object.union({"id": "CAPA-1", "kind": "capa", "title": "C", "status": "closed", "opened": "2026-01-01", "closed": "2026-04-01", "file": "c.md", "line": 1, "pointer": ""}, extra)

test_waiver_signed_by_anyone if {
	fs := signoff_unauthorised.deny with input as world([waiver({"approved_by": "Ann Weber"})])
	{f.subject | some f in fs} == {"W-1"}
	some f in fs
	f.pointer == "/approved_by"
	contains(f.msg, "held no role that may sign it (ceo")
}

test_waiver_signed_by_a_deputy if {
	count(signoff_unauthorised.deny) == 0 with input as world([waiver({"approved_by": "Ben Adler"})])
	count(signoff_unauthorised.deny) == 0 with input as world([waiver({"approved_by": "Cem Kaya"})])
}

test_unsigned_and_unknown_signoffs if {
	fs := signoff_unauthorised.deny with input as world([waiver({}), capa({"closed_by": "Random Intern"})])
	{f.subject | some f in fs} == {"W-1", "CAPA-1"}
}

test_capa_closure if {
	count(signoff_unauthorised.deny) == 0 with input as world([capa({"closed_by": "Ann Weber"})])
	count(signoff_unauthorised.deny) == 1 with input as world([capa({"closed_by": "Cem Kaya"})])
	count(signoff_unauthorised.deny) == 0 with input as world([capa({"status": "open"})])
}

test_risk_acceptance if {
	reg := {"id": "RR-1", "kind": "risk-register", "file": "r.yaml", "line": 1, "pointer": "", "risks": [
		{"id": "R-1", "treatment": "accept", "accepted_by": "Ann Weber", "accepted": "2026-02-01", "file": "r.yaml", "line": 3, "pointer": "/risks/0"},
		{"id": "R-2", "treatment": "accept", "accepted_by": "Cem Kaya", "accepted": "2026-02-01", "file": "r.yaml", "line": 4, "pointer": "/risks/1"},
		{"id": "R-3", "treatment": "mitigate", "file": "r.yaml", "line": 5, "pointer": "/risks/2"},
	]}
	fs := signoff_unauthorised.deny with input as {"date": "2026-11-24", "documents": [control], "registers": [people, reg], "config": {"rules": {}}}
	{f.subject | some f in fs} == {"R-1"}
}

# A residual risk accepted after treatment is judged like a risk accepted
# outright: Ann (QA) may not accept it, Cem (CEO) may.
test_residual_risk_acceptance if {
	reg := {"id": "RR-1", "kind": "risk-register", "file": "r.yaml", "line": 1, "pointer": "", "risks": [
		{"id": "R-4", "treatment": "mitigate", "residual": {"likelihood": 2, "severity": 5, "accepted_by": "Ann Weber", "justification": "j"}, "file": "r.yaml", "line": 6, "pointer": "/risks/0"},
		{"id": "R-5", "treatment": "mitigate", "residual": {"likelihood": 2, "severity": 5, "accepted_by": "Cem Kaya", "justification": "j"}, "file": "r.yaml", "line": 7, "pointer": "/risks/1"},
		{"id": "R-6", "treatment": "mitigate", "residual": {"likelihood": 1, "severity": 1}, "file": "r.yaml", "line": 8, "pointer": "/risks/2"},
	]}
	fs := signoff_unauthorised.deny with input as {"date": "2026-11-24", "documents": [control], "registers": [people, reg], "config": {"rules": {}}}
	{f.subject | some f in fs} == {"R-4/residual"}
	some f in fs
	f.pointer == "/risks/0/residual/accepted_by"
}
