# METADATA
# title: Bomb
# description: A hostile rule for the resource tests.
# custom:
#   id: bomb.concat
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package qmslint.rules.bomb.concat

# 4,000 copies of a 1 MB string in one concat: one evaluation step, 4 GB.
mb := sprintf("%01048576d", [0])

deny contains msg if {
	s := concat("", [mb | some _ in numbers.range(1, 4000)])
	msg := sprintf("%d", [count(s)])
}
