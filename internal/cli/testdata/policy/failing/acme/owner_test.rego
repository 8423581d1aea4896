package acme.owner_test

import data.acme.owner as rule

doc := {"id": "SOP-1", "kind": "procedure", "title": "T", "file": "a.md", "line": 1, "pointer": ""}

test_missing_owner_is_found if count(rule.deny) == 1 with input as {"documents": [doc]}

# Deliberately wrong: the rule does report this document.
test_expects_nothing if count(rule.deny) == 0 with input as {"documents": [doc]}
