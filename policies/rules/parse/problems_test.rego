package qmslint.rules.parse.problems_test

import data.qmslint.rules.parse.error
import data.qmslint.rules.parse.schema_invalid
import data.qmslint.rules.parse.skipped

problems := {"problems": [
	{"rule": "parse.error", "file": "a.md", "line": 3, "subject": "a.md", "msg": "invalid YAML"},
	{"rule": "parse.skipped", "file": "big.md", "line": 0, "subject": "big.md", "msg": "too big"},
	{"rule": "schema.invalid", "file": "b.md", "line": 7, "subject": "SOP-1/approvals[0].date", "msg": "bad date"},
]}

test_each_problem_goes_to_its_rule if {
	{f.file | some f in error.deny} == {"a.md"} with input as problems
	{f.file | some f in skipped.deny} == {"big.md"} with input as problems
	{f.subject | some f in schema_invalid.deny} == {"SOP-1/approvals[0].date"} with input as problems
}

test_lines_are_kept if {
	some f in error.deny with input as problems
	f.line == 3
}

test_no_problems_no_findings if {
	count(error.deny) + count(skipped.deny) + count(schema_invalid.deny) == 0 with input as {"problems": []}
}
