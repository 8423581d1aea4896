package qmslint.rules.doc.front_matter_missing_test

import data.qmslint.rules.doc.front_matter_missing as rule

test_uncontrolled_markdown_is_reported if {
	fs := rule.deny with input as {"files": [{"file": "notes.md", "format": "markdown", "controlled": false, "failed": false}]}
	some f in fs
	f.subject == "notes.md"
	f.line == 0
	count(fs) == 1
}

test_controlled_markdown_passes if {
	count(rule.deny) == 0 with input as {"files": [{"file": "sop.md", "format": "markdown", "controlled": true, "failed": false}]}
}

test_yaml_and_failed_files_are_not_reported_twice if {
	count(rule.deny) == 0 with input as {"files": [
		{"file": "x.yaml", "format": "yaml", "controlled": false, "failed": false},
		{"file": "broken.md", "format": "markdown", "controlled": false, "failed": true},
	]}
}
