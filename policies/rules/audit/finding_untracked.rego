# METADATA
# title: Audit finding without a CAPA or waiver
# description: |
#   Nonconformities found in an internal audit must be corrected, and
#   their causes removed, without undue delay. A finding of an audit
#   report (audit_findings) graded major or minor that names no CAPA and
#   no waiver, or names one that does not exist, has no follow-up. A minor
#   finding may instead be closed by a dated correction (correction and
#   corrected) when no corrective action is needed. Observations need none.
# custom:
#   id: audit.finding-untracked
#   severity: major
#   clauses: [ISO13485:8.2.4, ISO27001:9.2.2, ISO27001:10.2]
package qmslint.rules.audit.finding_untracked

import data.qmslint.lib

deny contains f if {
	some d in lib.documents_of_kind.record
	some i, x in object.get(d, "audit_findings", [])
	is_object(x)
	object.get(x, "grade", "minor") != "observation"
	msg := problem(x)
	f := object.union(lib.where(x), {
		"msg": sprintf("%s: finding %s %s", [lib.name(d), object.get(x, "id", sprintf("%d", [i + 1])), msg]),
		"subject": sprintf("%s/%v", [d.id, object.get(x, "id", i + 1)]),
	})
}

problem(x) := "names no CAPA and no waiver: open a CAPA (capa: CAPA-...) or record why it is accepted (waiver: ...)" if {
	not is_string(object.get(x, "capa", null))
	not is_string(object.get(x, "waiver", null))
	not corrected(x)
} else := sprintf("names CAPA %s, which does not exist", [x.capa]) if {
	is_string(object.get(x, "capa", null))
	not lib.document_by_id[x.capa]
} else := sprintf("names waiver %s, which does not exist", [x.waiver]) if {
	is_string(object.get(x, "waiver", null))
	not lib.document_by_id[x.waiver]
}

# A minor finding corrected on the spot: what was done, and when.
corrected(x) if {
	object.get(x, "grade", "minor") == "minor"
	is_string(object.get(x, "correction", null))
	is_string(object.get(x, "corrected", null))
}
