package qmslint.rules.capa.capa_test

import data.qmslint.rules.capa.action_overdue
import data.qmslint.rules.capa.actions_missing
import data.qmslint.rules.capa.closed_with_open_actions
import data.qmslint.rules.capa.effectiveness_missing
import data.qmslint.rules.capa.effectiveness_overdue
import data.qmslint.rules.capa.reference_unknown
import data.qmslint.rules.capa.root_cause_missing

action(extra) := object.union(
	{"id": "A2", "type": "corrective", "description": "Automate the check", "due": "2026-03-01", "file": "capa/C-1.md", "line": 12, "pointer": "/actions/0"},
	extra,
)

capa(extra) := object.union(
	{
		"id": "C-1", "kind": "capa", "title": "Backups", "status": "open", "opened": "2026-01-10",
		"findings": ["doc.review-overdue:SOP-1"], "root_cause": "", "actions": [action({})],
		"effectiveness": {"method": "lint", "due": "2026-06-01", "result": "pending"},
		"file": "capa/C-1.md", "line": 1, "pointer": "",
	},
	extra,
)

closed(extra) := capa(object.union(
	{
		"status": "closed", "closed": "2026-05-01", "root_cause": "No owner for the review",
		"actions": [action({"done": "2026-02-20"})],
		"effectiveness": {"method": "lint", "due": "2026-04-30", "result": "effective", "date": "2026-04-30"},
	},
	extra,
))

repo(docs) := {
	"date": "2026-02-01", "config": {"rules": {}}, "documents": docs,
	"registers": [{"id": "RR", "kind": "risk-register", "file": "risks.yaml", "line": 1, "pointer": "", "risks": [{"id": "R-1", "file": "risks.yaml", "line": 4, "pointer": "/risks/0"}]}],
}

# The CAPA a fresh draft looks like: it must pass every rule.
test_open_capa_on_time_passes_every_rule if {
	inp := repo([capa({"risks": ["R-1"]})])
	count(root_cause_missing.deny) + count(actions_missing.deny) + count(action_overdue.deny) == 0 with input as inp
	count(effectiveness_missing.deny) + count(effectiveness_overdue.deny) + count(reference_unknown.deny) == 0 with input as inp
	count(closed_with_open_actions.deny) == 0 with input as inp
}

test_complete_closed_capa_passes_every_rule if {
	inp := object.union(repo([closed({})]), {"date": "2026-12-01"})
	count(root_cause_missing.deny) + count(actions_missing.deny) + count(action_overdue.deny) == 0 with input as inp
	count(effectiveness_missing.deny) + count(effectiveness_overdue.deny) + count(closed_with_open_actions.deny) == 0 with input as inp
}

test_root_cause_missing_when_closed if {
	fs := root_cause_missing.deny with input as repo([closed({"root_cause": "  "})])
	[f.subject | some f in fs] == ["C-1"]
}

test_root_cause_not_needed_while_open if {
	count(root_cause_missing.deny) == 0 with input as repo([capa({"root_cause": ""})])
}

test_actions_missing_without_corrective if {
	fs := actions_missing.deny with input as repo([capa({"actions": [action({"type": "correction"})]})])
	some f in fs
	f.subject == "C-1"
	contains(f.msg, "it has correction")
}

test_actions_missing_with_no_actions if {
	some f in actions_missing.deny with input as repo([object.remove(capa({}), ["actions"])])
	contains(f.msg, "no actions")
}

test_cancelled_capa_needs_no_action if {
	count(actions_missing.deny) == 0 with input as repo([capa({"status": "cancelled", "actions": []})])
}

test_action_overdue if {
	fs := action_overdue.deny with input as object.union(repo([capa({})]), {"date": "2026-03-02"})
	some f in fs
	f.subject == "C-1/A2"
	f.pointer == "/actions/0/due"
	contains(f.msg, "2026-03-01, 1 days ago")
}

test_action_due_today_or_done_is_not_overdue if {
	count(action_overdue.deny) == 0 with input as object.union(repo([capa({})]), {"date": "2026-03-01"})
	count(action_overdue.deny) == 0 with input as object.union(repo([capa({"actions": [action({"done": "2026-03-05"})]})]), {"date": "2026-04-01"})
}

test_closed_capa_actions_are_not_overdue if {
	count(action_overdue.deny) == 0 with input as object.union(repo([closed({"actions": [action({})]})]), {"date": "2026-12-01"})
}

test_effectiveness_missing_when_closed_pending if {
	fs := effectiveness_missing.deny with input as repo([closed({"effectiveness": {"due": "2026-06-01", "result": "pending"}})])
	some f in fs
	f.pointer == "/effectiveness/result"
	contains(f.msg, "\"pending\"")
}

test_effectiveness_missing_when_closed_without_block if {
	some f in effectiveness_missing.deny with input as repo([object.remove(closed({}), ["effectiveness"])])
	f.pointer == "/status"
	contains(f.msg, "\"missing\"")
}

test_not_effective_needs_follow_up if {
	fs := effectiveness_missing.deny with input as repo([closed({"effectiveness": {"result": "not-effective", "date": "2026-04-30"}})])
	some f in fs
	contains(f.msg, "no follow_up")
	count(effectiveness_missing.deny) == 0 with input as repo([
		closed({"effectiveness": {"result": "not-effective", "date": "2026-04-30", "follow_up": "C-2"}}),
		capa({"id": "C-2"}),
	])
}

test_effectiveness_overdue if {
	fs := effectiveness_overdue.deny with input as object.union(repo([capa({"actions": [action({"done": "2026-02-01"})]})]), {"date": "2026-06-02"})
	[f.subject | some f in fs] == ["C-1"]
	count(effectiveness_overdue.deny) == 0 with input as object.union(repo([capa({})]), {"date": "2026-06-01"})
	count(effectiveness_overdue.deny) == 0 with input as object.union(repo([capa({"effectiveness": {"due": "2026-06-01", "result": "effective"}})]), {"date": "2026-07-01"})
}

test_reference_unknown_risk_document_and_follow_up if {
	inp := object.union(repo([capa({"risks": ["R-1", "R-9"], "references": ["SOP-404"], "effectiveness": {"follow_up": "C-9"}})]), {"documents": [
		capa({"risks": ["R-1", "R-9"], "references": ["SOP-404"], "effectiveness": {"follow_up": "C-9"}}),
	]})
	fs := reference_unknown.deny with input as inp
	{f.subject | some f in fs} == {"C-1/R-9", "C-1/SOP-404", "C-1/C-9"}
	some f in fs
	f.subject == "C-1/R-9"
	f.pointer == "/risks/1"
}

test_reference_known_passes if {
	inp := repo([capa({"risks": ["R-1"], "references": ["RR"]})])
	count(reference_unknown.deny) == 0 with input as inp
}

test_closed_with_open_actions if {
	fs := closed_with_open_actions.deny with input as repo([closed({"actions": [action({"done": "2026-02-01"}), action({"id": "A3", "pointer": "/actions/1"})]})])
	[f.subject | some f in fs] == ["C-1/A3"]
}

# "root_cause:" left empty in YAML arrives as null, not "".
test_root_cause_null_is_missing if {
	count(root_cause_missing.deny) == 1 with input as repo([closed({"root_cause": null})])
}
