package acme.owner_missing_test

import data.acme.owner_missing as rule

test_procedure_without_owner if {
	count(rule.deny) == 1 with input as {"documents": [{"id": "SOP-1", "kind": "procedure", "file": "a.md", "pointer": ""}]}
}
