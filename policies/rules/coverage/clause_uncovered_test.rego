package qmslint.rules.coverage.clause_uncovered_test

import data.qmslint.rules.coverage.clause_uncovered as rule

doc(id, status, clauses) := {"id": id, "kind": "procedure", "title": id, "status": status, "clauses": clauses, "file": "a.md", "line": 1, "pointer": ""}

base(extra) := object.union({"date": "2026-11-24", "standards": ["ISO13485:2016"], "config": {"rules": {}}, "files": [], "documents": [], "registers": []}, extra)


test_every_uncovered_leaf_is_reported if {
	s := {f.subject | some f in rule.deny with input as base({"documents": [doc("SOP-1", "approved", ["ISO13485:4.2.4"])]})}
	"ISO13485:4.2.5" in s
	not "ISO13485:4.2.4" in s
	not "ISO13485:4.2" in s # only leaves
	count(s) == 71
}

test_disabled_standard_is_not_checked if {
	count({f.subject | some f in rule.deny with input as base({"standards": []})}) == 0
}

test_message_names_the_draft_and_the_parent if {
	inp := base({"documents": [doc("SOP-1", "draft", ["ISO13485:7.3.2"]), doc("SOP-2", "approved", ["ISO13485:7.3"])]})
	some f in rule.deny with input as inp
	f.subject == "ISO13485:7.3.2"
	contains(f.msg, "SOP-1 cites it but is draft")
	contains(f.msg, "SOP-2 cites ISO13485:7.3 above it")
	contains(f.msg, "declare condition design-and-development not applicable")
}

test_parent_covers_children_param if {
	cfg := {"rules": {"coverage.clause-uncovered": {"parent_covers_children": true}}}
	s := {f.subject | some f in rule.deny with input as base({"config": cfg, "documents": [doc("SOP-2", "approved", ["ISO13485:7.3"])]})}
	not "ISO13485:7.3.2" in s
}

test_body_claim_hint if {
	claim := {"standard": "ISO13485", "edition": "2016", "adoption": "", "clause": "8.2.4", "line": 15, "source": "table", "text": "8.2.4", "not_applicable": false}
	inp := base({"files": [{"file": "sop-audit.md", "controlled": false, "claims": [claim]}]})
	some f in rule.deny with input as inp
	f.subject == "ISO13485:8.2.4"
	contains(f.msg, "sop-audit.md:15 claims it in its text")
}

audit_claim(line, na) := {"standard": "ISO13485", "edition": "2016", "adoption": "", "clause": "8.2.4", "line": line, "source": "table", "text": "8.2.4", "not_applicable": na}

test_body_claim_hint_skips_not_applicable_claims if {
	inp := base({"files": [{"file": "sop-audit.md", "controlled": false, "claims": [audit_claim(15, true), audit_claim(17, false)]}]})
	some f in rule.deny with input as inp
	f.subject == "ISO13485:8.2.4"
	contains(f.msg, "sop-audit.md:17 claims it in its text")
	not contains(f.msg, "sop-audit.md:15")
}

test_body_claim_without_a_line_gives_no_hint if {
	claim := {"standard": "ISO13485", "edition": "2016", "clause": "8.2.4", "source": "table", "text": "8.2.4"}
	some f in rule.deny with input as base({"files": [{"file": "sop-audit.md", "controlled": false, "claims": [claim]}]})
	f.subject == "ISO13485:8.2.4"
	not contains(f.msg, "claims it in its text")
}
