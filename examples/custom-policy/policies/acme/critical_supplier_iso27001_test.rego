package acme.critical_supplier_iso27001_test

import data.acme.critical_supplier_iso27001 as rule

supplier(extra) := object.union({
	"id": "SUP-001", "name": "CloudCo", "status": "approved", "critical": true,
	"file": "registers/suppliers.yaml", "line": 4, "pointer": "/suppliers/0",
}, extra)

run(s, cfg) := fs if {
	fs := rule.deny with input as {"date": "2026-11-24", "config": {"rules": cfg}, "registers": [{"kind": "suppliers", "suppliers": s, "file": "registers/suppliers.yaml", "line": 1, "pointer": ""}]}
}

test_certified_in_any_spelling if {
	count(run([supplier({"certifications": ["ISO/IEC 27001:2022"]})], {})) == 0
	count(run([supplier({"certifications": ["ISO 27001"]})], {})) == 0
}

test_uncertified_critical_supplier if {
	fs := run([supplier({"certifications": ["ISO 9001"]})], {})
	count(fs) == 1
	some f in fs
	f.subject == "SUP-001"
	f.pointer == "/suppliers/0/certifications"
	contains(f.msg, "CloudCo")
}

test_missing_certifications_field if count(run([supplier({})], {})) == 1

test_non_critical_and_disqualified_are_ignored if {
	count(run([supplier({"critical": false}), supplier({"id": "SUP-2", "status": "disqualified"})], {})) == 0
}

test_certificate_is_a_parameter if {
	count(run([supplier({"certifications": ["ISO 27001"]})], {"acme.critical-supplier-iso27001": {"certificate": "ISO 27017"}})) == 1
}
