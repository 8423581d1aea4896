# METADATA
# title: Required documented procedure or records missing
# description: |
#   Where a standard requires a documented procedure or records (ISO 13485
#   4.2.4 document control, 8.2.4 internal audit, 8.5.2 corrective action;
#   ISO/IEC 27001 6.1.2, 9.2.2, 10.2, ...), an auditor asks to see that
#   procedure or those records, and their absence is a nonconformity even
#   when another kind of document mentions the clause. Requirements of
#   clauses excluded or not applicable with a justification are not asked
#   for, nor those that depend on a condition the quality manual declares
#   absent (the record of who tested an implantable device, 8.2.6). The
#   kinds that count are parameters. Until some document is approved and
#   effective, coverage.not-under-control reports that instead.
# custom:
#   id: coverage.mandatory-document-missing
#   severity: major
#   clauses: [ISO13485:4.2.1, ISO27001:7.5.1]
#   params:
#     procedure_kinds: [procedure, work-instruction, manual]
#     record_kinds: [record, form, record-log, risk-register, suppliers, inventory, soa]
package qmslint.rules.coverage.mandatory_document_missing

import data.qmslint.lib
import data.qmslint.lib.coverage as cov

rule_id := "coverage.mandatory-document-missing"

accepted := {
	"procedure": lib.param(rule_id, "procedure_kinds", ["procedure", "work-instruction", "manual"]),
	"record": lib.param(rule_id, "record_kinds", ["record", "form", "record-log", "risk-register", "suppliers", "inventory", "soa"]),
}

what := {"procedure": "a documented procedure", "record": "records"}

deny contains f if {
	cov.under_control
	some id, c in cov.clauses
	some kind, kinds in accepted
	titles := [req.title | some req in object.get(c, "requires", []); req.kind == kind; not cov.requirement_waived(req)]
	count(titles) > 0
	cov.leaf_status(id) in {"covered", "uncovered"}
	not id in cov.unreadable

	# The kinds first: the documents are looked up only for a finding.
	not cov._addressed_by_kind(id, kinds)
	docs := addressing(id)

	# Stops at the first document of a kind that counts, where a count
	# would visit every document citing a popular clause.
	every r in docs {
		not r.kind in kinds
	}

	# One finding per clause and kind: the documents that satisfy one
	# requirement of a kind satisfy them all (8.2.6 asks for two records).
	f := {
		"subject": sprintf("%s/%s", [id, kind]),
		"msg": sprintf("%s (%s) requires %s (%s), but no approved, effective document of kind %s cites it%s; %s", [id, c.title, what[kind], concat("; ", titles), or_list(kinds), others(docs), fix(kind, id)]),
	}
}

# The documents that address a clause, looked up only when there are any:
# the lookup builds the index of every citation.
addressing(id) := cov._addressed_by(id) if cov._covered(id)

else := []

others(docs) := sprintf(" (it is cited only by %s)", [concat(", ", sort([sprintf("%s (%s)", [r.id, r.kind]) | some r in docs]))]) if count(docs) > 0

else := ""

fix("procedure", id) := sprintf("write the procedure, or add %s to the clauses of the procedure that already describes it", [id])

fix("record", id) := sprintf("add %s to the clauses of the form, record or record log where these records are kept", [id])

or_list(kinds) := concat(" or ", [concat(", ", array.slice(kinds, 0, count(kinds) - 1)), kinds[count(kinds) - 1]]) if count(kinds) > 1

else := kinds[0]
