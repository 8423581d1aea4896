# METADATA
# title: No document is approved and effective yet
# description: |
#   Until one document or register is approved and effective, nothing in
#   the repository is under control and no clause is addressed; listing
#   every clause of every standard as a gap would tell a QA manager
#   nothing new. This one finding says instead how many files are not
#   under control, which clauses their texts already claim, and the next
#   step: `qmslint init` to read the company's own front matter, or
#   `qmslint import` to write qmslint's. coverage.clause-uncovered and
#   coverage.mandatory-document-missing report once a document is in
#   force.
# custom:
#   id: coverage.not-under-control
#   severity: major
#   clauses: [ISO13485:4.2.4, ISO27001:7.5.3]
package qmslint.rules.coverage.not_under_control

import data.qmslint.lib.coverage as cov

# Files as doc.front-matter-missing counts them, one finding each.
uncontrolled := count([f | some f in input.files; not f.controlled; f.format == "markdown"; not f.failed])

# Documents and registers with qmslint front matter, none in force; the
# registers qmslint builds (from Terraform states) are not written.
not_in_force := count(input.documents) + count([r | some r in input.registers; not object.get(data.qmslint.registers.kinds, [r.kind, "built"], false)])

deny contains f if {
	count(cov.catalogs) > 0
	count(input.files) > 0
	not cov.under_control
	f := {
		"subject": "repository",
		"msg": sprintf("no document is approved and effective, so no clause is addressed yet: %s; %s; next: %s", [files_said, concat("; ", claimed_said), next_step]),
	}
}

# Once every file has qmslint's front matter, what is left is approval.
next_step := "run qmslint init to describe your own front matter and folders in .qmslint.yaml, or qmslint import to write qmslint's front matter, then mark approved documents status: approved" if {
	uncontrolled > 0
} else := "record the approvals of the documents that are approved (status: approved, approvals with name and date, effective date)"

files_said := sprintf("%d %s without qmslint front matter, %d with it but not in force", [uncontrolled, plural(uncontrolled, "file"), not_in_force])

# Per standard: how many clauses the texts claim, the first few by number.
claimed_said := [said(cat, ns) |
	some std, cat in cov.catalogs
	ns := sort({c.number |
		some id, ps in cov._claimed
		c := cov.clauses[id]
		c.standard == std
		some p in ps
		not p[3].not_applicable
	})
] if count(cov._claimed) > 0

else := ["their texts claim no clause of the enabled standards"]

said(cat, ns) := sprintf("their texts claim %d %s of %s (%s; qmslint coverage --claims lists where)", [count(ns), plural(count(ns), "clause"), cat.name, first(ns)]) if count(ns) > 0

else := sprintf("their texts claim no clause of %s", [cat.name])

first(ns) := concat(", ", ns) if count(ns) <= 8

else := sprintf("%s and %d more", [concat(", ", array.slice(ns, 0, 8)), count(ns) - 8])

plural(1, word) := word

plural(n, word) := sprintf("%ss", [word]) if n != 1
