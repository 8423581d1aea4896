# METADATA
# title: Hosting provider not evaluated as a supplier
# description: |
#   A provider that hosts production or backups is an outsourced process
#   the organisation stays responsible for. It must be on the supplier
#   list, approved (or conditionally approved), and evaluated within its
#   re-evaluation interval (reevaluate_months, else a document's
#   supplier_reevaluate_months parameter, else .qmslint.yaml, else 12).
#   A site's provider is the id of a supplier.
# custom:
#   id: supplier.unevaluated
#   severity: major
#   clauses: [ISO13485:7.4.1, ISO13485:4.1.5, ISO27001:A.5.19, ISO27001:A.5.22, ISO27001:A.5.23]
#   params:
#     reevaluate_months: 12
package qmslint.rules.supplier.unevaluated

import data.qmslint.lib

rule_id := "supplier.unevaluated"

default_interval := lib.threshold(rule_id, "reevaluate_months", "supplier_reevaluate_months", 12)

# Providers of sites that host at least one asset, each with those sites.
hosting[p] := sites if {
	some p in {pl.provider | some pl in lib.placement; pl.provider != ""}
	sites := sort({pl.site | some pl in lib.placement; pl.provider == p})
}

interval(s) := {"value": s.reevaluate_months, "note": "as its reevaluate_months says"} if is_number(s.reevaluate_months)

interval(s) := default_interval if not is_number(object.get(s, "reevaluate_months", null))

problem(s) := sprintf("its status is %s", [s.status]) if {
	not s.status in {"approved", "conditional"}
}

problem(s) := "it has no evaluated date" if {
	s.status in {"approved", "conditional"}
	not is_string(object.get(s, "evaluated", null))
}

problem(s) := sprintf("it was last evaluated on %s and is to be re-evaluated every %v months, %s: the re-evaluation was due on %s", [s.evaluated, i.value, i.note, due]) if {
	s.status in {"approved", "conditional"}
	is_string(s.evaluated)
	i := interval(s)
	due := lib.add_months(s.evaluated, i.value)
	lib.date_ns(due) < lib.today
}

deny contains f if {
	some p, sites in hosting
	s := lib.supplier_by_id[p]
	why := problem(s)
	f := object.union(lib.where(s), {
		"msg": sprintf("provider %s hosts assets (at %s) but is not a supplier in good standing: %s; evaluate it and record the result in the supplier list", [p, concat(", ", sites), why]),
		"subject": p,
	})
}

deny contains f if {
	some p, sites in hosting
	not lib.supplier_by_id[p]
	f := object.union(lib.at(lib.site_by_id[sites[0]], "provider"), {
		"msg": sprintf("provider %s hosts assets (at %s) but is not on any supplier list: evaluate it, then add it with its services, status, evaluated date and certifications", [p, concat(", ", sites)]),
		"subject": p,
	})
}
