# METADATA
# title: File not read
# description: |
#   The file was not read: it is larger than a QMS file should be, it could
#   not be opened, or it is a symbolic link leaving the repository (links
#   are never followed, so a policy cannot make qmslint read files elsewhere
#   on the machine). Whatever it holds is not checked.
# custom:
#   id: parse.skipped
#   severity: observation
#   clauses: [ISO13485:4.2.5, ISO27001:7.5.3]
#   scope: document
package qmslint.rules.parse.skipped

deny contains f if {
	some p in input.problems
	p.rule == "parse.skipped"
	f := {"msg": p.msg, "subject": p.subject, "file": p.file, "line": p.line}
}
