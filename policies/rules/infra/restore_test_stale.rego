# METADATA
# title: Backup without a recent passing restore test
# description: |
#   A backup is only as good as the last time someone restored from it.
#   Each backup needs a passing restore-test entry (subject lists the
#   backup's id) within max_age_days of the evaluation date. The age comes
#   from the backup procedure's parameters (restore_test_max_age_days),
#   else .qmslint.yaml, else 7 days.
# custom:
#   id: infra.restore-test-stale
#   severity: major
#   clauses: [ISO27001:A.8.13, ISO13485:7.5.10, ISO13485:6.3]
#   params:
#     max_age_days: 7
package qmslint.rules.infra.restore_test_stale

import data.qmslint.lib

rule_id := "infra.restore-test-stale"

max_age := lib.threshold(rule_id, "max_age_days", "restore_test_max_age_days", 7)

last_seen(bid) := sprintf("the last passing one was on %s, %d days ago", [d, lib.days_ago(d)]) if {
	d := lib.last_pass("restore-test", bid)
}

last_seen(bid) := "no restore-test log records a passing one" if {
	not lib.last_pass("restore-test", bid)
}

deny contains f if {
	some b in lib.backup_by_id
	not recent(b.id)
	f := object.union(lib.where(b), {
		"msg": sprintf("no passing restore test of %s within %d days, %s: %s; restore from %s, check the data and record the result in a restore-test log", [b.id, max_age.value, max_age.note, last_seen(b.id), b.id]),
		"subject": b.id,
	})
}

recent(bid) if lib.days_ago(lib.last_pass("restore-test", bid)) <= max_age.value
