package qmslint.rules.coverage.unknown_edition_test

import data.qmslint.rules.coverage.unknown_edition as rule

claim(std, edition, adoption, clause, line) := {"standard": std, "edition": edition, "adoption": adoption, "clause": clause, "line": line, "source": "table", "text": "", "not_applicable": false}

base(claims) := {"date": "2026-11-24", "standards": ["ISO13485:2016", "ISO27001:2022"], "config": {"rules": {}}, "documents": [], "registers": [], "files": [{"file": "capa.md", "controlled": false, "claims": claims}]}

test_editions_that_exist if {
	count(rule.deny) == 0 with input as base([claim("ISO13485", "2016", "", "", 3), claim("ISO13485", "2003", "", "", 4), claim("ISO13485", "2012", "EN", "", 5), claim("ISO27001", "2023", "EN", "", 6), claim("ISO13485", "", "", "8.5.2", 7)])
}

test_one_finding_per_file_and_edition_at_its_first_line if {
	fs := rule.deny with input as base([claim("ISO13485", "2018", "", "", 13), claim("ISO13485", "2018", "", "8.5.2", 15), claim("ISO13485", "2018", "", "8.5.3", 16)])
	count(fs) == 1
	some f in fs
	f.line == 13
	f.subject == "capa.md/ISO13485:2018"
	contains(f.msg, "ISO 13485:2018 is an edition that does not exist")
}

test_iso27001_2023_without_en if {
	some f in rule.deny with input as base([claim("ISO27001", "2023", "", "", 2)])
	contains(f.msg, "ISO/IEC 27001:2023")
}

test_disabled_standard_is_not_checked if {
	count(rule.deny) == 0 with input as object.union(base([claim("ISO27001", "2023", "", "", 2)]), {"standards": ["ISO13485:2016"]})
}
