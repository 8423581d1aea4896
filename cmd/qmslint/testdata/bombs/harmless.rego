# METADATA
# title: Harmless
# description: The baseline of the resource tests, a rule that finds nothing.
# custom:
#   id: bomb.harmless
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package qmslint.rules.bomb.harmless

deny contains msg if {
	some d in input.documents
	d.id == "never"
	msg := "never"
}
