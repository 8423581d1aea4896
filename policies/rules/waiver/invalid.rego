# METADATA
# title: Waiver incomplete or too long
# description: |
#   A waiver (concession) accepts a known nonconformity for a while instead
#   of correcting it. It only stands up in an audit when it says why the
#   risk is acceptable, who with the authority to do so approved it and
#   when, and when it ends; an open-ended or very long waiver is a
#   nonconformity that was never handled. Such a waiver waives nothing.
# custom:
#   id: waiver.invalid
#   severity: major
#   clauses: [ISO13485:8.5.2, ISO27001:10.2, ISO27001:6.1.3]
#   params:
#     max_months: 12
package qmslint.rules.waiver.invalid

import data.qmslint.lib
import data.qmslint.rules.capa.records

rule_id := "waiver.invalid"

max_months := lib.param(rule_id, "max_months", 12)

# A field left empty in YAML ("justification:") is null, not "": both are
# blank, and so is a value that is not text at all.
blank(w, field) if not is_string(object.get(w, field, null))

blank(w, field) if trim_space(object.get(w, field, "")) == ""

# problems[waiver id] is the set of reasons the waiver does not count.
problems[w.id] contains "it has no justification (say why the nonconformity is acceptable until it expires)" if {
	some w in records.waivers
	blank(w, "justification")
}

problems[w.id] contains "it has no approved_by (who accepted the risk)" if {
	some w in records.waivers
	blank(w, "approved_by")
}

problems[w.id] contains "it has no approved date" if {
	some w in records.waivers
	blank(w, "approved")
}

problems[w.id] contains "it has no expires date (a waiver must end)" if {
	some w in records.waivers
	blank(w, "expires")
}

problems[w.id] contains sprintf("it expires on %s, before it was approved on %s", [w.expires, w.approved]) if {
	some w in records.waivers
	lib.date_ns(w.expires) < lib.date_ns(w.approved)
}

problems[w.id] contains sprintf("it is approved on %s, after the evaluation date %s (a concession takes effect once approved)", [w.approved, input.date]) if {
	some w in records.waivers
	lib.date_ns(w.approved) > lib.today
}

problems[w.id] contains msg if {
	some w in records.waivers
	limit := lib.add_months(w.approved, max_months)
	lib.date_ns(w.expires) > lib.date_ns(limit)
	msg := sprintf("it expires on %s, later than %s, %d months after its approval (the limit is waiver.invalid max_months in .qmslint.yaml)", [w.expires, limit, max_months])
}

deny contains f if {
	some w in records.waivers
	ps := sort(problems[w.id])
	f := object.union(lib.where(w), {
		"msg": sprintf("waiver %s does not count: %s; complete it and have it approved again, or correct the findings it names", [w.id, concat("; ", ps)]),
		"subject": w.id,
	})
}
