# METADATA
# title: Audit scope names a process the quality manual does not list
# description: |
#   An audit's scope processes are matched to the processes the quality
#   manual lists, by name, ignoring case and surrounding spaces. A name
#   that matches none (a typo, an old name, a topic that is not a process)
#   audits nothing as far as the programme is concerned: the process it
#   meant is reported unaudited, and an auditor reading the programme
#   cannot tell what was examined. Name the manual's process, or add the
#   process to the manual. Only judged where a manual in force lists
#   processes.
# custom:
#   id: audit.scope-unknown
#   severity: observation
#   clauses: [ISO13485:8.2.4, ISO27001:9.2.2]
package qmslint.rules.audit.scope_unknown

import data.qmslint.lib

known := {p.key | some p in lib.qms_processes}

manuals := sort({p.manual.id | some p in lib.qms_processes})

deny contains f if {
	count(known) > 0
	some prog in lib.audit_programmes
	some a in lib.live_audits(prog)
	some i, x in object.get(a, ["scope", "processes"], [])
	is_string(x)
	not lib.process_key(x) in known
	f := object.union(lib.at(a, sprintf("scope/processes/%d", [i])), {
		"msg": sprintf("audit %s names the process %q in its scope, which %s does not list among its %d processes: use the manual's name, or add the process to the manual", [a.id, x, concat(" and ", manuals), count(known)]),
		"subject": sprintf("%s/%s", [a.id, x]),
	})
}
