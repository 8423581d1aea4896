# METADATA
# title: Bomb
# description: A hostile rule for the resource tests.
# custom:
#   id: bomb.spin
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package qmslint.rules.bomb.spin

# A cross product that allocates nothing and never ends: the deadline.
deny contains msg if {
	n := count([1 | some i in numbers.range(1, 100000); some j in numbers.range(1, 100000); i == j + 100001])
	msg := sprintf("%d", [n])
}
