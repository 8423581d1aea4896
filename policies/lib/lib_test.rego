package qmslint.lib_test

import data.qmslint.lib

test_days_between if {
	lib.days_between("2026-01-01", "2026-01-31") == 30
	lib.days_between("2026-01-31", "2026-01-01") == -30
}

test_add_months if {
	lib.add_months("2026-01-12", 12) == "2027-01-12"
	lib.add_months("2025-12-31", 2) == "2026-03-03"
}

test_param_default if {
	lib.param("x.y", "n", 7) == 7 with input as {"config": {"rules": {}}}
}

test_param_configured if {
	lib.param("x.y", "n", 7) == 3 with input as {"config": {"rules": {"x.y": {"n": 3}}}}
}

test_param_false_is_a_value if {
	# false is a legitimate setting; it must not fall back to the default
	lib.param("x.y", "on", true) == false with input as {"config": {"rules": {"x.y": {"on": false}}}}
}

test_in_force if {
	lib.in_force({"status": "approved", "effective": "2026-01-01"}) with input as {"date": "2026-02-01"}
	not lib.in_force({"status": "approved", "effective": "2026-03-01"}) with input as {"date": "2026-02-01"}
	not lib.in_force({"status": "draft"}) with input as {"date": "2026-02-01"}
	lib.in_force({"status": "approved"}) with input as {"date": "2026-02-01"}
	# without an effective date, in force whatever the date (even none)
	lib.in_force({"status": "approved"}) with input as {}
	not lib.in_force({"status": "approved", "effective": null}) with input as {"date": "2026-02-01"}
	not lib.in_force({"status": "approved", "effective": "soon"}) with input as {"date": "2026-02-01"}
}

test_at if {
	lib.at({"file": "a.yaml", "pointer": "/risks/2"}, "likelihood") == {"file": "a.yaml", "pointer": "/risks/2/likelihood"}
	lib.at({"file": "a.md", "pointer": ""}, "review/last") == {"file": "a.md", "pointer": "/review/last"}
}

test_items_cover_registers if {
	ids := lib.ids with input as {
		"documents": [{"id": "SOP-1", "kind": "procedure"}],
		"registers": [{"id": "INV", "kind": "inventory", "assets": [{"id": "db-1"}], "sites": [{"id": "s1"}]}],
	}
	ids == {"SOP-1", "INV", "db-1", "s1"}
}

# A file that failed to parse is known by the id the loader recovered.
test_ids_include_files_that_failed_to_parse if {
	ids := lib.ids with input as {
		"documents": [{"id": "SOP-1", "kind": "procedure"}],
		"files": [{"file": "SOP-5.md", "failed": true, "id": "SOP-5"}, {"file": "notes.md", "failed": false}],
	}
	ids == {"SOP-1", "SOP-5"}
}

test_name_without_title if {
	lib.name({"id": "SOP-1"}) == "SOP-1"
	lib.name({"id": "SOP-1", "title": "Control of documents"}) == "SOP-1 (Control of documents)"
}

test_document_by_id_survives_duplicate_ids if {
	docs := [
		{"id": "SOP-1", "kind": "procedure", "file": "a.md"},
		{"id": "SOP-1", "kind": "procedure", "file": "b.md"},
	]
	lib.document_by_id["SOP-1"].file == "a.md" with input as {"documents": docs}
}

test_by_id_keeps_the_first_of_a_duplicated_id if {
	xs := [{"id": "b", "n": 1}, {"id": "a", "n": 2}, {"id": "b", "n": 3}, {"n": 4}]
	lib.by_id(xs) == {"a": {"id": "a", "n": 2}, "b": {"id": "b", "n": 1}}
}

test_documents_of_kind_in_file_order if {
	docs := [
		{"id": "M-2", "kind": "manual", "file": "b.md"},
		{"id": "SOP-1", "kind": "procedure", "file": "c.md"},
		{"id": "M-1", "kind": "manual", "file": "a.md"},
		{"id": "CAPA-1", "kind": "capa", "file": "d.md"},
	]
	[d.id | some d in lib.documents_of_kind.manual] == ["M-2", "M-1"] with input as {"documents": docs}
	[d.id | some d in lib.documents_of_kind.capa] == ["CAPA-1"] with input as {"documents": docs}
	count(lib.documents_of_kind.plan) == 0 with input as {"documents": docs}
}

# With input.index (as qmslint builds it) the library reads the lookups
# from it instead of scanning the documents.
test_lookups_from_the_index if {
	indexed := {
		"documents": [{"id": "M-1", "kind": "manual"}, {"id": "SOP-1", "kind": "procedure"}],
		"files": [{"file": "a.md", "claims": []}, {"file": "b.md", "claims": [{"clause": "4.2"}]}],
		"index": {"ids": {"M-1": 1, "SOP-1": 2}, "documents_of_kind": {"manual": [0]}, "files_with_claims": [1], "document_of_id": {"M-1": 0, "SOP-1": 1}},
	}
	lib.id_counts == {"M-1": 1, "SOP-1": 2} with input as indexed
	lib.ids == {"M-1", "SOP-1"} with input as indexed
	[d.id | some d in lib.documents_of_kind.manual] == ["M-1"] with input as indexed
	count(lib.documents_of_kind.procedure) == 0 with input as indexed
	[f.file | some f in lib.files_with_claims] == ["b.md"] with input as indexed
	lib.document_by_id == {"M-1": {"id": "M-1", "kind": "manual"}, "SOP-1": {"id": "SOP-1", "kind": "procedure"}} with input as indexed
}

# Without input.index.document_of_id (hand-written inputs) documents are
# looked up by id all the same, the first of a repeated id winning.
test_document_by_id_without_the_index if {
	docs := [{"id": "A", "kind": "procedure", "n": 1}, {"id": "A", "kind": "form", "n": 2}, {"id": "B", "kind": "form"}, {"id": 7}]
	lib.document_by_id == {"A": docs[0], "B": docs[2]} with input as {"documents": docs}
	lib.document_by_id == {"A": docs[0], "B": docs[2]} with input as {"documents": docs, "index": {"document_of_id": {"A": 0, "B": 2}}}
}

test_id_counts_without_the_index if {
	docs := [{"id": "A", "kind": "procedure"}, {"id": "A", "kind": "form"}, {"id": "B", "kind": "form"}]
	lib.id_counts == {"A": 2, "B": 1} with input as {"documents": docs}
}

# lib.documents reads the kinds from input.index when present, and must
# give what the documents' own kinds give: every controlled document, in
# file order, whether or not the repository has CAPA records and waivers.
test_documents_from_the_index if {
	docs := [
		{"id": "SOP-1", "kind": "procedure"},
		{"id": "CAPA-1", "kind": "capa"},
		{"id": "M-1", "kind": "manual"},
		{"id": "FRM-1", "kind": "form"},
		{"id": "W-1", "kind": "waiver"},
		{"id": "SOP-2", "kind": "procedure"},
	]
	index := {"documents_of_kind": {"procedure": [0, 5], "capa": [1], "manual": [2], "form": [3], "waiver": [4]}}
	ids := ["SOP-1", "M-1", "FRM-1", "SOP-2"]
	[d.id | some d in lib.documents] == ids with input as {"documents": docs, "index": index}
	[d.id | some d in lib.documents] == ids with input as {"documents": docs}

	# a kind that is no document kind, and a document without a kind (the
	# index files only string kinds)
	memo := array.concat(docs, [{"id": "X-1", "kind": "memo"}])
	memo_index := {"documents_of_kind": object.union(index.documents_of_kind, {"memo": [6]})}
	[d.id | some d in lib.documents] == ids with input as {"documents": memo, "index": memo_index}
	more := array.concat(memo, [{"id": "X-2"}, {"id": "WI-1", "kind": "work-instruction"}])
	more_index := {"documents_of_kind": object.union(memo_index.documents_of_kind, {"work-instruction": [8]})}
	more_ids := array.concat(ids, ["WI-1"])
	[d.id | some d in lib.documents] == more_ids with input as {"documents": more, "index": more_index}
	[d.id | some d in lib.documents] == more_ids with input as {"documents": more}
}

test_documents_all_controlled_from_the_index if {
	docs := [{"id": "SOP-1", "kind": "procedure"}, {"id": "M-1", "kind": "manual"}, {"id": "SOP-2", "kind": "procedure"}]
	index := {"documents_of_kind": {"procedure": [0, 2], "manual": [1]}}
	lib.documents == docs with input as {"documents": docs, "index": index}
	lib.documents == docs with input as {"documents": docs}
}

test_documents_exclude_other_kinds if {
	docs := [{"id": "CAPA-1", "kind": "capa"}, {"id": "X-1"}, {"id": "W-1", "kind": "waiver"}]
	index := {"documents_of_kind": {"capa": [0], "waiver": [2]}}
	count(lib.documents) == 0 with input as {"documents": docs, "index": index}
	count(lib.documents) == 0 with input as {"documents": docs}
	count(lib.documents) == 0 with input as {"documents": [], "index": {"documents_of_kind": {}}}
	count(lib.documents) == 0 with input as {}
}

# person_with_email: any case and surrounding spaces; the first person of
# the register who lists the address when two do; a name or an unknown
# address is no Git identity.
test_person_with_email if {
	people := {"registers": [{"kind": "people", "people": [
		{"id": "ann", "name": "Ann Weber", "emails": ["Ann@Example.com", 7]},
		{"id": "bob", "emails": ["bob@example.com", "ann@example.com"]},
	]}]}
	lib.person_with_email(" ANN@example.COM ") == "ann" with input as people
	lib.person_with_email("bob@example.com") == "bob" with input as people
	not lib.person_with_email("Ann Weber") with input as people
	not lib.person_with_email("carl@example.com") with input as people
	not lib.person_with_email(null) with input as people
	lib.commit_person({"email": "bob@example.com", "author": "Ann Weber"}) == "bob" with input as people
	lib.commit_person({"email": "x@example.com", "author": "ann weber"}) == "ann" with input as people
	lib.commit_person({"email": "x@example.com", "author": "Carl"}) == "Carl" with input as people
}
