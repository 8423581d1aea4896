package qmslint.lib.coverage_test

import data.qmslint.lib.coverage as cov

doc(id, kind, status, clauses) := {"id": id, "kind": kind, "title": id, "status": status, "clauses": clauses, "file": concat("", [id, ".md"]), "line": 1, "pointer": ""}

base(extra) := object.union({
	"date": "2026-11-24", "standards": ["ISO13485:2016", "ISO27001:2022"],
	"config": {"rules": {}}, "files": [], "documents": [], "registers": [],
}, extra)

test_only_enabled_standards_are_loaded if {
	count(cov.clauses) == 91 with input as base({"standards": ["ISO13485:2016"]})
	not cov.known("ISO27001:A.8.13") with input as base({"standards": ["ISO13485:2016"]})
	cov.known("ISO27001:A.8.13") with input as base({})
}

test_leaves_are_the_deepest_clauses if {
	leaves := cov.leaves with input as base({})
	"ISO13485:7.5.9.1" in leaves
	"ISO13485:4.1.6" in leaves
	not "ISO13485:7.5.9" in leaves
	not "ISO13485:4.1" in leaves
	"ISO27001:A.5.1" in leaves
	not "ISO27001:A.5" in leaves
	count({l | some l in leaves; startswith(l, "ISO27001:A.")}) == 93
}

test_a_document_in_force_covers if {
	cov.leaf_status("ISO13485:4.2.4") == "covered" with input as base({"documents": [doc("SOP-1", "procedure", "approved", ["ISO13485:4.2.4"])]})
}

test_drafts_obsolete_and_future_documents_do_not_cover if {
	cov.leaf_status("ISO13485:4.2.4") == "uncovered" with input as base({"documents": [doc("SOP-1", "procedure", "draft", ["ISO13485:4.2.4"])]})
	cov.leaf_status("ISO13485:4.2.4") == "uncovered" with input as base({"documents": [doc("SOP-1", "procedure", "obsolete", ["ISO13485:4.2.4"])]})
	future := object.union(doc("SOP-1", "procedure", "approved", ["ISO13485:4.2.4"]), {"effective": "2027-01-01"})
	cov.leaf_status("ISO13485:4.2.4") == "uncovered" with input as base({"documents": [future]})
}

test_capa_records_do_not_cover if {
	cov.leaf_status("ISO13485:8.5.2") == "uncovered" with input as base({"documents": [doc("CAPA-1", "capa", "approved", ["ISO13485:8.5.2"])]})
}

test_registers_cover if {
	reg := {"id": "RR-1", "kind": "risk-register", "status": "approved", "clauses": ["ISO27001:8.2"], "file": "r.yaml", "line": 1, "pointer": ""}
	cov.leaf_status("ISO27001:8.2") == "covered" with input as base({"registers": [reg]})
}

test_parent_covers_children_only_when_configured if {
	docs := [doc("SOP-7", "procedure", "approved", ["ISO13485:7.3"])]
	cov.leaf_status("ISO13485:7.3.2") == "uncovered" with input as base({"documents": docs})
	cov.status("ISO13485:7.3") == "uncovered" with input as base({"documents": docs})
	cfg := {"rules": {"coverage.clause-uncovered": {"parent_covers_children": true}}}
	cov.leaf_status("ISO13485:7.3.2") == "covered" with input as base({"documents": docs, "config": cfg})
	cov.status("ISO13485:7.3") == "covered" with input as base({"documents": docs, "config": cfg})
}

test_parent_status_partial if {
	cov.status("ISO13485:4.2") == "partial" with input as base({"documents": [doc("SOP-1", "procedure", "approved", ["ISO13485:4.2.4"])]})
}

manual(extra) := object.union(doc("QM-1", "manual", "approved", []), extra)

test_exclusions_reach_sub_clauses if {
	m := manual({"exclusions": [{"clause": "ISO13485:7.3", "justification": "We design nothing.", "file": "QM-1.md", "line": 5, "pointer": "/exclusions/0"}]})
	cov.leaf_status("ISO13485:7.3.5") == "excluded" with input as base({"documents": [m]})
}

test_invalid_exclusions_do_not_count if {
	m := manual({"exclusions": [
		{"clause": "ISO13485:4.2.4", "justification": "No.", "file": "QM-1.md", "line": 5, "pointer": "/exclusions/0"},
		{"clause": "ISO13485:7.5.5", "justification": "  ", "file": "QM-1.md", "line": 6, "pointer": "/exclusions/1"},
	]})
	cov.leaf_status("ISO13485:4.2.4") == "uncovered" with input as base({"documents": [m]})
	cov.leaf_status("ISO13485:7.5.5") == "uncovered" with input as base({"documents": [m]})
}

test_exclusions_of_a_draft_manual_do_not_count if {
	m := object.union(manual({"exclusions": [{"clause": "ISO13485:7.3", "justification": "x", "file": "QM-1.md", "line": 5, "pointer": "/exclusions/0"}]}), {"status": "draft"})
	cov.leaf_status("ISO13485:7.3.5") == "uncovered" with input as base({"documents": [m]})
}

test_conditions_declared_not_to_apply if {
	m := manual({"applicability": [
		{"condition": "sterile", "applies": false, "justification": "Software only.", "file": "QM-1.md", "line": 7, "pointer": "/applicability/0"},
		{"condition": "implantable", "applies": true, "file": "QM-1.md", "line": 8, "pointer": "/applicability/1"},
		{"condition": "servicing", "applies": false, "file": "QM-1.md", "line": 9, "pointer": "/applicability/2"},
	]})
	cov.leaf_status("ISO13485:7.5.5") == "not-applicable" with input as base({"documents": [m]})
	cov.leaf_status("ISO13485:7.5.7") == "not-applicable" with input as base({"documents": [m]})
	cov.leaf_status("ISO13485:7.5.9.2") == "uncovered" with input as base({"documents": [m]})
	cov.leaf_status("ISO13485:7.5.4") == "uncovered" with input as base({"documents": [m]})
}

# 6.4.2 depends on contamination-control, and asks for the control of
# microbial and particulate contamination of sterile devices: declaring
# contamination irrelevant leaves it applicable while sterile devices are
# made.
absent(cond, i) := {"condition": cond, "applies": false, "justification": "Software as a medical device only.", "file": "QM-1.md", "line": 7 + i, "pointer": sprintf("/applicability/%d", [i])}

test_a_requirement_keeps_its_clause_applicable if {
	only_contamination := manual({"applicability": [absent("contamination-control", 0)]})
	cov.leaf_status("ISO13485:6.4.2") == "uncovered" with input as base({"documents": [only_contamination]})
	cov.leaf_status("ISO13485:7.5.2") == "not-applicable" with input as base({"documents": [only_contamination]})
	both := manual({"applicability": [absent("contamination-control", 0), absent("sterile", 1)]})
	cov.leaf_status("ISO13485:6.4.2") == "not-applicable" with input as base({"documents": [both]})
}

test_documentation_requirements_of_the_catalog if {
	cs := cov.clauses with input as base({})
	"how long obsolete documents are kept" in {r.title | some r in cs["ISO13485:4.2.4"].requires}
	"how confidential health information in records is protected" in {r.title | some r in cs["ISO13485:4.2.5"].requires}
	{r.condition | some r in cs["ISO13485:6.4.2"].requires; r.condition} == {"sterile"}
	{r.condition | some r in cs["ISO13485:8.2.6"].requires; r.condition} == {"implantable"}
}

soa(status, controls) := {"id": "SOA-1", "kind": "soa", "status": status, "file": "soa.yaml", "line": 1, "pointer": "", "controls": controls}

ctl(id, applicable, just) := {"control": id, "applicable": applicable, "justification": just, "file": "soa.yaml", "line": 3, "pointer": "/controls/0"}

test_soa_exclusions_count_when_in_force if {
	cov.leaf_status("ISO27001:A.7.4") == "not-applicable" with input as base({"registers": [soa("approved", [ctl("ISO27001:A.7.4", false, "No premises.")])]})
	cov.leaf_status("ISO27001:A.7.4") == "uncovered" with input as base({"registers": [soa("draft", [ctl("ISO27001:A.7.4", false, "No premises.")])]})
	cov.leaf_status("ISO27001:A.7.4") == "uncovered" with input as base({"registers": [soa("approved", [ctl("ISO27001:A.7.4", false, "")])]})
}

file(path, claims) := {"file": path, "format": "markdown", "controlled": false, "kind": "", "failed": false, "claims": claims}

claim(clause, edition, na) := {"standard": "ISO13485", "edition": edition, "adoption": "", "clause": clause, "line": 14, "source": "table", "text": clause, "not_applicable": na}

test_body_claims_are_claimed_not_covered if {
	inp := base({"files": [file("sop.md", [claim("8.5.2", "2016", false), claim("8.5.3", "2018", false), claim("6.4", "2016", true)])]})
	cov.leaf_status("ISO13485:8.5.2") == "uncovered" with input as inp
	cov.claimed("ISO13485:8.5.2") with input as inp
	not cov.claimed("ISO13485:8.5.3") with input as inp
	cov.claimed("ISO13485:6.4.1") with input as inp
	not cov.claimed("ISO13485:7.3.1") with input as inp
}

test_report if {
	inp := base({
		"standards": ["ISO13485:2016"],
		"documents": [doc("SOP-1", "procedure", "approved", ["ISO13485:4.2.4"]), doc("SOP-2", "procedure", "draft", ["ISO13485:4.2.4"])],
	})
	r := cov.report with input as inp
	e := r.standards.ISO13485.clauses["ISO13485:4.2.4"]
	e.status == "covered"
	e.leaf == true
	[d.id | some d in e.documents] == ["SOP-1", "SOP-2"]
	[d.in_force | some d in e.documents] == [true, false]
	r.standards.ISO13485.clauses["ISO13485:4.2"].status == "partial"
	r.standards.ISO13485.clauses["ISO13485:4.2"].leaf == false
	not r.standards.ISO27001
}

test_ancestors if {
	cov.ancestors["ISO13485:7.5.9.2"] == {"ISO13485:7.5.9", "ISO13485:7.5", "ISO13485:7"} with input as base({})
	cov.ancestors["ISO13485:7"] == set() with input as base({})
	cov.ancestors["ISO27001:A.8.13"] == {"ISO27001:A.8"} with input as base({})
	cov.under("ISO13485:7.5.9") == {"ISO13485:7.5.9.1", "ISO13485:7.5.9.2"} with input as base({})
}

# cited, addressed and claims are sets, as the policy model documents them
# (version 1); the built-in rules read the same as lists.
test_public_lookups_are_sets if {
	docs := [doc("SOP-1", "procedure", "approved", ["ISO13485:4.2.4", "ISO13485:4.2.4"]), doc("SOP-2", "procedure", "draft", ["ISO13485:4.2.4"])]
	files := [{"file": "SOP-1.md", "controlled": true, "claims": [{"standard": "ISO13485", "edition": "", "clause": "4.2.5", "line": 9, "source": "clause", "text": "clause 4.2.5", "not_applicable": false}]}]
	inp := base({"documents": docs, "files": files})
	cited := cov.cited["ISO13485:4.2.4"] with input as inp
	is_set(cited)
	{r.id | some r in cited} == {"SOP-1", "SOP-2"}
	count(cov._cited["ISO13485:4.2.4"]) == 2 with input as inp
	{r.id | some r in cov.addressed_by("ISO13485:4.2.4")} == {"SOP-1"} with input as inp
	is_set(cov.addressed_by("ISO13485:4.2.4")) with input as inp
	is_set(cov.addressed_by("ISO13485:8.2.1")) with input as inp
	claims := cov.claims["ISO13485:4.2.5"] with input as inp
	is_set(claims)
	{c.line | some c in claims} == {9}
}

# _ref_at builds ref(it) inline; the two must agree field for field,
# including the defaults for what an item leaves out.
test_citations_are_refs if {
	bare := {"kind": "risk-register", "clauses": ["ISO13485:7.1", "ISO13485:7.1", 7.1], "file": "r.yaml", "line": 1, "pointer": ""}
	future := object.union(doc("SOP-2", "procedure", "approved", ["ISO13485:4.2.4"]), {"effective": "2027-01-01", "revision": 3})
	inp := base({"documents": [doc("SOP-1", "procedure", "approved", ["ISO13485:4.2.4", "ISO13485:7.1"]), future], "registers": [bare]})
	cs := [[id, r.id] | some id in ["ISO13485:4.2.4", "ISO13485:7.1", 7.1]; some r in cov._cited_refs(id)] with input as inp
	cs == [["ISO13485:4.2.4", "SOP-1"], ["ISO13485:4.2.4", "SOP-2"], ["ISO13485:7.1", "SOP-1"], ["ISO13485:7.1", "r.yaml"]]
	every i, it in array.concat(inp.documents, inp.registers) {
		cov._ref_at(i) == cov.ref(it) with input as inp
	}
	object.keys(cov._cited) == {"ISO13485:4.2.4", "ISO13485:7.1"} with input as inp
	[r.id | some r in cov._cited["ISO13485:7.1"]] == ["SOP-1", "r.yaml"] with input as inp
	not cov._cited[7.1] with input as inp
}

test_an_item_without_a_line_is_not_lost if {
	noline := object.remove(doc("SOP-1", "procedure", "approved", ["ISO13485:4.2.4"]), ["line"])
	inp := base({"documents": [noline, doc("SOP-2", "procedure", "draft", ["ISO13485:4.2.4"])]})
	rs := cov._cited["ISO13485:4.2.4"] with input as inp
	[r.id | some r in rs] == ["SOP-1", "SOP-2"]
	not rs[0].line
	rs[1].line == 1
	cov.leaf_status("ISO13485:4.2.4") == "covered" with input as inp
}

test_claim_id if {
	cov._claim_id("ISO13485", "2016", "8.5.2") == "ISO13485:8.5.2" with input as base({})
	cov._claim_id("ISO13485", "", "8.5.2") == "ISO13485:8.5.2" with input as base({})
	not cov._claim_id("ISO13485", "2003", "8.5.2") with input as base({})
	not cov._claim_id("ISO13485", "2016", "") with input as base({})
	not cov._claim_id("ISO13485", "2016", "9.9") with input as base({})
	not cov._claim_id("ISO27001", "2022", "A.8.13") with input as base({"standards": ["ISO13485:2016"]})
}

test_claims_keep_file_order_and_what_was_written if {
	partial := {"standard": "ISO13485", "edition": "", "clause": "8.5.2", "line": 3}
	files := [
		file("b.md", [claim("8.5.2", "2016", true), claim("8.5.3", "2018", false)]),
		object.union(file("a.md", [partial]), {"controlled": true}),
		{"file": "c.md", "claims": [claim("8.5.2", "2016", false)]}, # no controlled: left out, as before
	]
	inp := base({"files": files})
	ps := cov._claimed["ISO13485:8.5.2"] with input as inp
	[[p[1], p[2], p[3].line] | some p in ps] == [["b.md", false, 14], ["a.md", true, 3]]
	cov._claims["ISO13485:8.5.2"] == [
		{"file": "b.md", "controlled": false, "line": 14, "source": "table", "text": "8.5.2", "edition": "2016", "not_applicable": true},
		{"file": "a.md", "controlled": true, "line": 3, "edition": ""},
	] with input as inp
	not cov._claimed["ISO13485:8.5.3"] with input as inp
}

test_inherited_references_in_the_report if {
	cfg := {"rules": {"coverage.clause-uncovered": {"parent_covers_children": true}}}
	docs := [doc("SOP-7", "procedure", "approved", ["ISO13485:7.3", "ISO13485:7.3.2"]), doc("SOP-8", "procedure", "draft", ["ISO13485:7.3"])]
	inp := base({"documents": docs, "config": cfg, "standards": ["ISO13485:2016"]})
	e := cov.report.standards.ISO13485.clauses["ISO13485:7.3.2"] with input as inp
	[[d.id, d.via] | some d in e.inherited] == [["SOP-7", "ISO13485:7.3"]]
	[d.id | some d in e.documents] == ["SOP-7"]
	[object.get(r, "via", "") | some r in cov._addressed["ISO13485:7.3.2"]] == ["", "ISO13485:7.3"] with input as inp

	# Through the clause above, as _addressed_by says.
	cov._covered("ISO13485:7.3.1") with input as inp
	cov._addressed_by_kind("ISO13485:7.3.1", ["procedure"]) with input as inp
	not cov._addressed_by_kind("ISO13485:7.3.1", ["form"]) with input as inp
	[r.via | some r in cov._addressed_by("ISO13485:7.3.1")] == ["ISO13485:7.3"] with input as inp
}

# A document that does not parse leaves the clauses its raw clauses: field
# claims unjudged, leaves under a claimed section included; other
# documents' clauses and files that parsed change nothing.
test_unreadable_clauses if {
	files := [
		{"file": "sop-5.md", "format": "markdown", "controlled": false, "kind": "", "failed": true, "claims": [], "clauses": ["ISO13485:8.5", "ISO13485:4.2.4"]},
		{"file": "sop-6.md", "format": "markdown", "controlled": true, "kind": "procedure", "failed": false, "claims": [], "clauses": ["ISO13485:7.3.2"]},
	]
	u := cov.unreadable with input as base({"files": files})
	"ISO13485:8.5.2" in u
	"ISO13485:4.2.4" in u
	not "ISO13485:7.3.2" in u
	count(cov.unreadable) == 0 with input as base({"files": [object.union(files[0], {"failed": false})]})
}

# The kinds alone answer whether a document of a kind addresses a clause,
# as the references of _addressed_by would.
test_addressed_by_kind if {
	inp := base({"documents": [doc("SOP-1", "procedure", "approved", ["ISO13485:4.2.4"]), doc("POL-1", "policy", "draft", ["ISO13485:4.2.5"])]})
	cov._addressed_by_kind("ISO13485:4.2.4", ["procedure"]) with input as inp
	not cov._addressed_by_kind("ISO13485:4.2.4", ["policy"]) with input as inp
	not cov._addressed_by_kind("ISO13485:4.2.5", ["policy"]) with input as inp
	cov._not_in_force_cited == {"ISO13485:4.2.5"} with input as inp
	cov._in_force_cited == {"ISO13485:4.2.4"} with input as inp
	[r.kind | some r in cov._addressed_by("ISO13485:4.2.4")] == ["procedure"] with input as inp
}
