# METADATA
# title: Bomb
# description: A hostile rule for the resource tests.
# custom:
#   id: bomb.range
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package qmslint.rules.bomb.range

# An array of 10^11 numbers in one builtin call.
deny contains msg if {
	xs := numbers.range(1, 100000000000)
	msg := sprintf("%d", [count(xs)])
}
