# METADATA
# title: QMS process without an assessed risk
# description: |
#   ISO 13485 asks for a risk-based approach to controlling every process
#   of the quality management system. A process the quality manual lists
#   (front matter processes:) that has no risk in a register of scope
#   processes has never been assessed. Process names are compared ignoring
#   case and surrounding spaces.
# custom:
#   id: risk.process-unassessed
#   severity: major
#   clauses: [ISO13485:4.1.2, ISO13485:4.1.1]
package qmslint.rules.risk.process_unassessed

import data.qmslint.lib

normalized(s) := lower(trim_space(s))

assessed := {normalized(r.process) |
	some reg in lib.registers_of_kind("risk-register")
	reg.scope == "processes"
	some r in reg.risks
	is_string(r.process)
}

deny contains f if {
	some d in lib.documents_of_kind.manual
	lib.in_force(d)
	some i, x in d.processes
	p := lib.process_name(x)
	not normalized(p) in assessed
	f := object.union(lib.at(d, sprintf("processes/%d", [i])), {
		"msg": sprintf("%s lists the process %q, but no risk register of scope processes has a risk with process: %s: assess the risks of this process and record them", [lib.name(d), p, p]),
		"subject": sprintf("%s/%s", [d.id, p]),
	})
}
