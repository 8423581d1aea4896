# METADATA
# title: Bomb
# description: A hostile rule for the resource tests.
# custom:
#   id: bomb.paths
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package qmslint.rules.bomb.paths

# Every path through 60 nodes each linked to the next two: exponentially
# many, all built in one builtin call.
g := {sprintf("%d", [i]): {sprintf("%d", [i + 1]), sprintf("%d", [i + 2])} | some i in numbers.range(0, 60)}

deny contains msg if {
	ps := graph.reachable_paths(g, {"0"})
	msg := sprintf("%d", [count(ps)])
}
