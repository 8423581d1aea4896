# METADATA
# title: Reference to an edition that does not exist
# description: |
#   A document that claims conformity to "ISO 13485:2018" or "ISO 27001:2023"
#   names an edition that was never published, which tells an auditor the
#   document was not checked against the standard it cites. Regional
#   adoptions (EN ISO 13485:2012, EN ISO/IEC 27001:2023) are real and
#   accepted.
# custom:
#   id: coverage.unknown-edition
#   severity: minor
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.2]
#   scope: document
package qmslint.rules.coverage.unknown_edition

import data.qmslint.lib
import data.qmslint.lib.coverage as cov

deny contains f if {
	some file in lib.files_with_claims
	some c in file.claims
	c.edition != ""
	cat := cov.catalogs[c.standard]
	not valid(cat, c)
	first := min({x.line | some x in file.claims; x.standard == c.standard; x.edition == c.edition; object.get(x, "adoption", "") == object.get(c, "adoption", "")})
	c.line == first
	name := split(cat.name, ":")[0]
	f := {
		"file": file.file,
		"line": first,
		"subject": sprintf("%s/%s%s:%s", [file.file, replace(prefix(c), " ", "-"), c.standard, c.edition]),
		"msg": sprintf("%s%s:%s is an edition that does not exist (%s was published in %s); this repository is checked against %s: correct the reference", [prefix(c), name, c.edition, name, concat(", ", editions(cat, c)), cat.name]),
	}
}

valid(cat, c) if {
	object.get(c, "adoption", "") == ""
	c.edition in cat.editions
}

valid(cat, c) if {
	c.adoption != ""
	c.edition in object.get(cat.regional_editions, c.adoption, [])
}

prefix(c) := sprintf("%s ", [c.adoption]) if object.get(c, "adoption", "") != ""

else := ""

editions(cat, c) := cat.editions if object.get(c, "adoption", "") == ""

else := object.get(cat.regional_editions, c.adoption, [])
