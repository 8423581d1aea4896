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
	inp := base({"documents": [in_force], "files": [{"file": "sop-audit.md", "controlled": false, "claims": [claim]}]})
	some f in rule.deny with input as inp
	f.subject == "ISO13485:8.2.4"
	contains(f.msg, "sop-audit.md:15 claims it in its text, but the file has no qmslint front matter")
}

audit_claim(line, na) := {"standard": "ISO13485", "edition": "2016", "adoption": "", "clause": "8.2.4", "line": line, "source": "table", "text": "8.2.4", "not_applicable": na}

test_body_claim_hint_skips_not_applicable_claims if {
	inp := base({"documents": [in_force], "files": [{"file": "sop-audit.md", "controlled": false, "claims": [audit_claim(15, true), audit_claim(17, false)]}]})
	some f in rule.deny with input as inp
	f.subject == "ISO13485:8.2.4"
	contains(f.msg, "sop-audit.md:17 claims it in its text")
	not contains(f.msg, "sop-audit.md:15")
}

test_body_claim_without_a_line_gives_no_hint if {
	claim := {"standard": "ISO13485", "edition": "2016", "clause": "8.2.4", "source": "table", "text": "8.2.4"}
	some f in rule.deny with input as base({"documents": [in_force], "files": [{"file": "sop-audit.md", "controlled": false, "claims": [claim]}]})
	f.subject == "ISO13485:8.2.4"
	not contains(f.msg, "claims it in its text")
}

# Some document in force, so that coverage is judged at all.
in_force := doc("SOP-0", "approved", ["ISO13485:4.2.4"])

test_silent_until_a_document_is_in_force if {
	count(rule.deny) == 0 with input as base({"documents": [doc("SOP-1", "draft", ["ISO13485:4.2.4"])]})
}

# A procedure in force, its body claiming clauses in the forms given.
claiming(status, forms) := {
	"documents": [object.union(doc("SOP-9", status, []), {"file": "sop-9.md"})],
	"files": [{"file": "sop-9.md", "controlled": true, "claims": [object.union(audit_claim(10 + i, false), {"form": form}) | some i, form in forms]}],
}

uncovered(inp) := {f.subject | some f in rule.deny with input as base(inp)}

test_a_table_of_a_document_in_force_covers if {
	not "ISO13485:8.2.4" in uncovered(claiming("approved", ["table"]))
	not "ISO13485:8.2.4" in uncovered(claiming("approved", ["list"]))
	"ISO13485:8.2.5" in uncovered(claiming("approved", ["table"]))
}

test_prose_does_not_cover if {
	inp := claiming("approved", ["text"])
	some f in rule.deny with input as base(inp)
	f.subject == "ISO13485:8.2.4"
	contains(f.msg, "sop-9.md:10 claims it in its text, but in prose")
}

test_a_table_of_a_draft_does_not_cover if {
	inp := object.union(claiming("draft", ["table"]), {"documents": [in_force, object.union(doc("SOP-9", "draft", []), {"file": "sop-9.md"})]})
	some f in rule.deny with input as base(inp)
	f.subject == "ISO13485:8.2.4"
	contains(f.msg, "the document is not approved and effective")
}

test_a_not_applicable_row_does_not_cover if {
	inp := claiming("approved", [])
	na := object.union(audit_claim(10, true), {"form": "table"})
	"ISO13485:8.2.4" in uncovered(object.union(inp, {"files": [{"file": "sop-9.md", "controlled": true, "claims": [na]}]}))
}

test_front_matter_only_keeps_the_strict_reading if {
	inp := object.union(claiming("approved", ["table"]), {"config": {"rules": {"coverage.clause-uncovered": {"front_matter_only": true}}}})
	some f in rule.deny with input as base(inp)
	f.subject == "ISO13485:8.2.4"
	contains(f.msg, "front_matter_only is set")
}

test_iso_27001_2023_counts_for_2022 if {
	claim := {"standard": "ISO27001", "edition": "2023", "adoption": "", "clause": "9.2.2", "line": 3, "source": "table", "text": "9.2.2", "not_applicable": false, "form": "table"}
	inp := {
		"standards": ["ISO27001:2022"],
		"documents": [object.union(doc("ISP-1", "approved", []), {"file": "isp.md"})],
		"files": [{"file": "isp.md", "controlled": true, "claims": [claim]}],
	}
	not "ISO27001:9.2.2" in uncovered(inp)
	"ISO27001:9.2.2" in uncovered(object.union(inp, {"files": [{"file": "isp.md", "controlled": true, "claims": [object.union(claim, {"edition": "2017"})]}]}))
}

# The clauses a document that does not parse claims are not reported: its
# parse.error is the one finding until it parses again.
test_clauses_of_an_unreadable_document_are_not_reported if {
	broken := {"file": "sop-5.md", "format": "markdown", "controlled": false, "kind": "", "failed": true, "claims": [], "clauses": ["ISO13485:8.5.2"]}
	s := {f.subject | some f in rule.deny with input as base({"documents": [doc("SOP-1", "approved", ["ISO13485:4.2.4"])], "files": [broken]})}
	not "ISO13485:8.5.2" in s
	"ISO13485:8.5.3" in s
}
