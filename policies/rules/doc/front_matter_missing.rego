# METADATA
# title: Markdown file without front matter
# description: |
#   A Markdown file in the QMS without front matter has no id, owner,
#   revision or approval, so nobody can tell whether it is current or who
#   released it: it is an uncontrolled document. Add the front matter, or
#   list the file under ignore: in .qmslint.yaml if it is not part of the QMS.
# custom:
#   id: doc.front-matter-missing
#   severity: minor
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.2, ISO27001:7.5.3]
#   scope: document
package qmslint.rules.doc.front_matter_missing

# Nearly every file is controlled, so that is tested first: one field of
# each file read rather than two.
deny contains f if {
	some file in input.files
	not file.controlled
	file.format == "markdown"
	not file.failed
	f := {
		"msg": "no front matter, so this is an uncontrolled document: add id, kind, title, revision, status, owner and approvals between '---' lines at the top, or list the file under ignore: in .qmslint.yaml",
		"subject": file.file,
		"file": file.file,
		"line": 0,
	}
}
