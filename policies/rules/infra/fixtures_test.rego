# Shared fixtures for the infra rule tests: a small hosting landscape in
# the shape of the datacenter-fire example, and builders for inputs.
package qmslint.rules.infra.fixtures_test

site(id, provider, campus, building) := {"id": id, "provider": provider, "campus": campus, "building": building, "file": "inventory.yaml", "line": 2, "pointer": sprintf("/sites/%s", [id])}

asset(id, role, site, extra) := object.union({"id": id, "role": role, "site": site, "file": "inventory.yaml", "line": 10, "pointer": sprintf("/assets/%s", [id])}, extra)

inventory(sites, assets) := {"id": "INV-1", "kind": "inventory", "file": "inventory.yaml", "line": 1, "pointer": "", "sites": sites, "assets": assets}

entry(date, subjects, result) := {"date": date, "subject": subjects, "result": result, "file": "log.yaml", "line": 3, "pointer": sprintf("/entries/%s", [date])}

log(type, entries) := {"id": sprintf("LOG-%s", [type]), "kind": "record-log", "type": type, "entries": entries, "file": sprintf("%s.yaml", [type]), "line": 1, "pointer": ""}

scenario(id, lost, rto) := {"id": id, "title": sprintf("Loss of %s", [concat(", ", lost)]), "lost": lost, "rto_hours": rto, "file": "plan.md", "line": 12, "pointer": sprintf("/scenarios/%s", [id])}

plan(scenarios) := {"id": "PLN-1", "kind": "plan", "title": "Disaster recovery plan", "status": "approved", "file": "plan.md", "line": 1, "pointer": "", "scenarios": scenarios}

doc(id, params) := {"id": id, "kind": "procedure", "title": id, "status": "approved", "effective": "2026-01-01", "file": sprintf("%s.md", [id]), "line": 1, "pointer": "", "parameters": params}

sites := [
	site("s-b1", "prov-a", "campus-a", "b1"),
	site("s-b2", "prov-a", "campus-a", "b2"),
	site("s-c", "prov-b", "campus-b", "c1"),
	site("s-d", "prov-c", "campus-c", "d1"),
]

# The day before the fire: p-1 and its main backup bk-1 share building b1.
assets := [
	asset("p-1", "production", "s-b1", {"data_gb": 25, "customers": 40, "monitored_by": ["mon-1"]}),
	asset("bk-1", "backup", "s-b1", {"backs_up": ["p-1"], "restore_mbps": 900}),
	asset("bk-2", "backup", "s-c", {"backs_up": ["p-1"], "restore_mbps": 37}),
	asset("bk-3", "backup", "s-d", {"backs_up": ["p-1"], "restore_mbps": 30}),
	asset("mon-1", "monitoring", "s-b2", {}),
]

world(registers, documents) := {"date": "2026-11-24", "config": {"rules": {}}, "documents": documents, "registers": registers}

# A world with the fire landscape plus the given registers and documents.
landscape(registers, documents) := world(array.concat([inventory(sites, assets)], registers), documents)

with_config(w, rules) := object.union(w, {"config": {"rules": rules}})
