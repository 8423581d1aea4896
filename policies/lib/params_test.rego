package qmslint.lib.params_test

import data.qmslint.lib

sop(id, effective, params) := {"id": id, "kind": "procedure", "title": id, "status": "approved", "effective": effective, "file": "a.md", "line": 1, "pointer": "", "parameters": params}

world(docs, rules) := {"date": "2026-11-24", "config": {"rules": rules}, "documents": docs}

test_default_when_nobody_declares if {
	t := lib.threshold("infra.restore-test-stale", "max_age_days", "restore_test_max_age_days", 7) with input as world([], {})
	t.value == 7
	t.source == "default"
	contains(t.note, "by qmslint's default (declare restore_test_max_age_days")
}

test_config_second if {
	t := lib.threshold("infra.restore-test-stale", "max_age_days", "restore_test_max_age_days", 7) with input as world([], {"infra.restore-test-stale": {"max_age_days": 14}})
	t == {"value": 14, "source": ".qmslint.yaml", "note": "as .qmslint.yaml sets (rules.infra.restore-test-stale.max_age_days)"}
}

test_document_first if {
	w := world([sop("SOP-010", "2026-01-01", {"restore_test_max_age_days": 3})], {"infra.restore-test-stale": {"max_age_days": 14}})
	t := lib.threshold("infra.restore-test-stale", "max_age_days", "restore_test_max_age_days", 7) with input as w
	t.value == 3
	t.note == "as SOP-010 requires"
}

test_documents_not_in_force_do_not_count if {
	draft := object.union(sop("SOP-010", "2026-01-01", {"n": 3}), {"status": "draft"})
	future := sop("SOP-011", "2027-01-01", {"n": 4})
	t := lib.threshold("r.x", "n", "n", 7) with input as world([draft, future], {})
	t.value == 7
}

test_latest_effective_document_wins if {
	w := world([sop("SOP-002", "2026-05-01", {"n": 5}), sop("SOP-001", "2026-01-01", {"n": 3})], {})
	lib.threshold("r.x", "n", "n", 7).source == "SOP-002" with input as w
}

test_same_date_lowest_id_wins if {
	w := world([sop("SOP-020", "2026-05-01", {"n": 5}), sop("SOP-003", "2026-05-01", {"n": 3})], {})
	t := lib.threshold("r.x", "n", "n", 7) with input as w
	t.source == "SOP-003"
	t.value == 3
}

test_approval_date_when_no_effective_date if {
	a := object.remove(object.union(sop("SOP-001", "", {"n": 5}), {"approvals": [{"by": "x", "date": "2026-06-01"}]}), ["effective"])
	b := sop("SOP-002", "2026-02-01", {"n": 3})
	lib.threshold("r.x", "n", "n", 7).source == "SOP-001" with input as world([a, b], {})
}
