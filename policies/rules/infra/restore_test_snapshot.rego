# METADATA
# title: Restore test names a snapshot that is missing or older than claimed
# description: |
#   A restore-test entry that names the snapshot it restored (snapshot:
#   the id or short id the tool prints) proves the backup only as of that
#   snapshot. For each of the entry's subjects with backup evidence, the
#   snapshot must exist in that backup's repository, and it must not be
#   older than the snapshot the test claims to prove: the one given as
#   snapshot_time, else the newest one taken before the test's day (a test
#   dated 2026-11-19 claims the backup as it stood that morning). An older
#   or unknown snapshot means the record proves less than it says.
# custom:
#   id: infra.restore-test-snapshot
#   severity: minor
#   clauses: [ISO27001:A.8.13, ISO13485:7.5.10, ISO13485:4.2.5]
package qmslint.rules.infra.restore_test_snapshot

import data.qmslint.lib

tests := [e |
	some te in lib.record_entries
	te[0] == "restore-test"
	e := te[1]
	is_string(e.snapshot)
]

deny contains f if {
	some e in tests
	some t in e.subject
	lib.snapshots_of[t]
	not lib.snapshot_named(t, e.snapshot)
	f := object.union(lib.at(e, "snapshot"), {
		"msg": sprintf("the restore test of %s on %s names snapshot %q, which the backup evidence of %s (%s) does not hold as one snapshot: name the snapshot restored as the tool prints it (its id or short id), or capture the repository's output again", [t, e.date, e.snapshot, t, lib.evidence_source_of[t].path]),
		"subject": sprintf("%s/%s/%s", [t, e.date, e.snapshot]),
	})
}

deny contains f if {
	some e in tests
	some t in e.subject
	x := lib.snapshot_named(t, e.snapshot)
	[claimed_ns, claim] := claimed(t, e)
	x.time_ns < claimed_ns
	f := object.union(lib.at(e, "snapshot"), {
		"msg": sprintf("the restore test of %s on %s restored snapshot %s of %s, older than %s: it proves the backup as it was then, not as it is; restore the snapshot the record claims, or correct the record", [t, e.date, e.snapshot, x.time, claim]),
		"subject": sprintf("%s/%s/%s", [t, e.date, e.snapshot]),
	})
}

claimed(t, e) := [time.parse_rfc3339_ns(e.snapshot_time), sprintf("the snapshot_time %s the record claims", [e.snapshot_time])] if {
	is_string(e.snapshot_time)
} else := [newest, sprintf("%s of %s, the newest before the test's day", [y.short_id, y.time])] if {
	day := lib.date_ns(e.date)
	newest := max({x.time_ns | some x in lib.snapshots_of[t]; x.time_ns < day})
	y := [x | some x in lib.snapshots_of[t]; x.time_ns == newest][0]
}
