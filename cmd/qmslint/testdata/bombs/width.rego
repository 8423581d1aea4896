# METADATA
# title: Bomb
# description: A hostile rule for the resource tests.
# custom:
#   id: bomb.width
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package qmslint.rules.bomb.width

# A thousand verbs of the widest width Go allows: 1 GB from an 11 KB format.
deny contains msg if {
	f := concat("", ["%01000000d" | some _ in numbers.range(1, 1000)])
	s := sprintf(f, [0 | some _ in numbers.range(1, 1000)])
	msg := sprintf("%d", [count(s)])
}
