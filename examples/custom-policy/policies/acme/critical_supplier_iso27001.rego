# METADATA
# title: Critical supplier without ISO 27001 certificate
# description: |
#   ACME only relies on a supplier of a critical service when an
#   accredited ISO/IEC 27001 certificate shows it protects the information
#   it handles for us; without one the supplier evaluation has no evidence
#   for the information security part of its decision.
# related_resources:
#   - ref: https://github.com/qmslint/qmslint/tree/main/examples/custom-policy
#     description: the ACME pack walk-through
# custom:
#   id: acme.critical-supplier-iso27001
#   severity: major
#   clauses: [ISO13485:7.4.1, ISO27001:A.5.19, ISO27001:A.5.21]
#   params:
#     certificate: ISO 27001
package acme.critical_supplier_iso27001

import data.qmslint.lib

rule_id := "acme.critical-supplier-iso27001"

deny contains f if {
	certificate := lib.param(rule_id, "certificate", "ISO 27001")
	some s in lib.suppliers
	s.critical == true
	s.status != "disqualified"
	held := object.get(s, "certifications", [])
	not certified(held, certificate)
	f := object.union(lib.at(s, "certifications"), {
		"msg": sprintf("supplier %s (%s) provides a critical service but lists no %s certificate (certifications: %v); obtain the certificate and record it, or do not rely on the supplier for critical services", [s.id, s.name, certificate, held]),
		"subject": s.id,
	})
}

# Certificates are written in many ways ("ISO/IEC 27001:2022",
# "ISO 27001"); the digits decide.
certified(held, certificate) if {
	some c in held
	contains(regex.replace(c, `[^0-9]`, ""), regex.replace(certificate, `[^0-9]`, ""))
}
