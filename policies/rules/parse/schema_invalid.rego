# METADATA
# title: Field missing or malformed
# description: |
#   A field of a document or register does not match its kind's schema: a
#   required field is missing, a date is not a date, a status is not one of
#   the allowed words. Other rules cannot judge a field they cannot read.
# custom:
#   id: schema.invalid
#   severity: minor
#   clauses: [ISO13485:4.2.4, ISO13485:4.2.5, ISO27001:7.5.2]
#   scope: document
package qmslint.rules.parse.schema_invalid

deny contains f if {
	some p in input.problems
	p.rule == "schema.invalid"
	f := {"msg": p.msg, "subject": p.subject, "file": p.file, "line": p.line}
}
