# METADATA
# title: Bomb
# description: A hostile rule for the resource tests.
# custom:
#   id: bomb.grow
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package qmslint.rules.bomb.grow

# A new 1 MB string per step: no single step is large, the sum is 100 GB.
mb := sprintf("%01048576d", [0])

deny contains msg if {
	xs := [concat("", [mb, sprintf("%d", [i])]) | some i in numbers.range(1, 100000)]
	msg := sprintf("%d", [count(xs)])
}
