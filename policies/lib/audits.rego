package qmslint.lib

# The internal audit programme (kind: audit-programme, docs/format.md).

audit_programmes := [r |
	some r in registers_of_kind("audit-programme")
	object.get(r, "status", "") != "obsolete"
	is_object(object.get(r, "cycle", null))
]

# The planned audits of a programme that are not cancelled.
live_audits(prog) := [a |
	some a in object.get(prog, "audits", [])
	is_object(a)
	is_string(a.id)
	is_string(a.date)
	object.get(a, "status", "") != "cancelled"
]

# current_cycle(prog) is [first day, first day of the next cycle] of the
# cycle today falls in; cycles follow each other from cycle.start. Before
# the start, the first cycle. (A programme older than a hundred
# cycles is not looked at.)
current_cycle(prog) := [from, to] if {
	s := prog.cycle.start
	m := prog.cycle.months
	input.date < s
	from := s
	to := add_months(s, m)
} else := c if {
	s := prog.cycle.start
	m := prog.cycle.months
	cs := [[add_months(s, k * m), add_months(s, (k + 1) * m)] | some k in numbers.range(0, 99)]
	c := [x | some x in cs; x[0] <= input.date; input.date < x[1]][0]
}
