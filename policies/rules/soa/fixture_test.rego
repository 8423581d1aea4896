package qmslint.rules.soa.fixture_test

# Shared fixtures of the SoA rule tests.

doc(id, status, clauses) := {"id": id, "kind": "procedure", "title": id, "status": status, "clauses": clauses, "file": concat("", [id, ".md"]), "line": 1, "pointer": ""}

ctl(i, control, applicable, extra) := object.union({"control": control, "applicable": applicable, "file": "soa.yaml", "line": 5 + i, "pointer": sprintf("/controls/%d", [i])}, extra)

soa(controls) := {"id": "SOA-1", "kind": "soa", "title": "SoA", "status": "approved", "file": "soa.yaml", "line": 1, "pointer": "", "controls": controls}

base(extra) := object.union({"date": "2026-11-24", "standards": ["ISO13485:2016", "ISO27001:2022"], "config": {"rules": {}}, "files": [], "documents": [], "registers": []}, extra)
