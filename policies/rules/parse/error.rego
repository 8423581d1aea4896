# METADATA
# title: File could not be parsed
# description: |
#   The file is not valid UTF-8 text, its front matter is not closed, or
#   its YAML does not parse. Nothing in it can be checked, and a reader may
#   not be able to use it either: fix the syntax at the line given.
# custom:
#   id: parse.error
#   severity: major
#   clauses: [ISO13485:4.2.4, ISO13485:4.2.5, ISO27001:7.5.3]
#   scope: document
package qmslint.rules.parse.error

deny contains f if {
	some p in input.problems
	p.rule == "parse.error"
	f := {"msg": p.msg, "subject": p.subject, "file": p.file, "line": p.line}
}
