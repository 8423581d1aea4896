# METADATA
# title: Process not audited within the audit cycle
# description: |
#   ISO 13485 plans internal audits by the status and importance of the
#   processes, and ISO 27001 audits the processes of the ISMS: every process
#   the quality manual lists must be in the scope of an audit of each
#   cycle. A process no audit of the current cycle names (scope: processes)
#   goes unexamined. Names are compared ignoring case and surrounding
#   spaces, so the programme must use the manual's names.
# custom:
#   id: audit.process-unaudited
#   severity: minor
#   clauses: [ISO13485:8.2.4, ISO27001:9.2.2]
package qmslint.rules.audit.process_unaudited

import data.qmslint.lib

deny contains f if {
	some prog in lib.audit_programmes
	cycle := lib.current_cycle(prog)
	scope := {lib.process_key(x) |
		some a in lib.live_audits(prog)
		cycle[0] <= a.date
		a.date < cycle[1]
		some x in object.get(a, ["scope", "processes"], [])
		is_string(x)
	}
	some p in lib.qms_processes
	not p.key in scope
	f := object.union(lib.at(prog, "audits"), {
		"msg": sprintf("the process %q (%s) is in the scope of no audit of %s's current cycle (%s to %s): plan an audit whose scope processes name it", [p.name, p.manual.id, prog.id, cycle[0], lib.add_days(cycle[1], -1)]),
		"subject": sprintf("%s/%s", [prog.id, p.name]),
	})
}
