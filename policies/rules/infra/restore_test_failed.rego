# METADATA
# title: Latest restore test of a backup failed
# description: |
#   A failed restore test means the backup cannot be relied on today. Until
#   a later test passes, the organisation is running without that copy; the
#   failure is a nonconformity to correct, not a record to file.
# custom:
#   id: infra.restore-test-failed
#   severity: major
#   clauses: [ISO27001:A.8.13, ISO13485:7.5.10, ISO13485:8.5.2]
package qmslint.rules.infra.restore_test_failed

import data.qmslint.lib

deny contains f if {
	some b in lib.backup_by_id
	e := lib.latest_entry("restore-test", b.id)
	e.result == "fail"
	not passed_on(b.id, e.date)
	f := object.union(lib.at(e, "result"), {
		"msg": sprintf("the latest restore test of %s, on %s, failed%s: find out why, fix the backup and record a passing restore test", [b.id, e.date, notes(e)]),
		"subject": b.id,
	})
}

# A pass on the same day (a retest after a fix) outweighs the failure.
passed_on(bid, date) if {
	some e in lib.entries_of("restore-test", bid)
	e.date == date
	e.result == "pass"
}

notes(e) := sprintf(" (%q)", [e.notes]) if is_string(e.notes)

notes(e) := "" if not is_string(object.get(e, "notes", null))
