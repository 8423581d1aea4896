# METADATA
# title: Risk to reassess after a failed CAPA
# description: |
#   When a CAPA tied to a risk was closed and its finding came back, the
#   controls the risk assessment relies on did not work: the risk's
#   likelihood, and with it the decision to accept or treat it, rest on a
#   wrong premise until the risk is assessed again.
# custom:
#   id: risk.reassess-after-capa
#   severity: minor
#   clauses: [ISO13485:8.5.2, ISO27001:6.1.2, ISO27001:8.2]
#   phase: trace
package qmslint.rules.trace.reassess_after_capa

import data.qmslint.lib
import data.qmslint.rules.capa.records

# [risk id, CAPA id, finding id] for every recurring finding whose closed
# CAPA names the risk.
failures contains [rid, c.id, fd.id] if {
	some fd in input.findings
	fd.status == "recurring"
	some cid in fd.capa
	c := records.capa_by_id[cid]
	c.status == "closed"
	some rid in object.get(c, "risks", [])
	records.risk_by_id[rid]
}

by_risk[rid] := sort({sprintf("%s (finding %s)", [p[1], p[2]]) | some p in failures; p[0] == rid}) if {
	some q in failures
	rid := q[0]
}

# The risk was reviewed after the last of its failed CAPAs was closed.
reassessed(r, rid) if {
	last := max({records.capa_by_id[p[1]].closed | some p in failures; p[0] == rid})
	lib.date_ns(r.review) > lib.date_ns(last)
}

deny contains f if {
	some rid, why in by_risk
	r := records.risk_by_id[rid]
	not reassessed(r, rid)
	f := object.union(lib.where(r), {
		"msg": sprintf("risk %s was treated by %s, closed, yet the finding recurs: its controls did not work as assessed; reassess its likelihood and treatment and record the date in review", [rid, concat(", ", why)]),
		"subject": rid,
	})
}
