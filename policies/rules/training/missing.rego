# METADATA
# title: Person in a role has no training on the current revision
# description: |
#   Staff who perform a process must be competent in its current version.
#   When a document says which roles must be trained on it (training:
#   {roles, within_days}), everyone holding one of those roles needs a
#   training record on the revision in force within that many days of it
#   taking effect (or of taking up the role, when later). Judged only when
#   the repository has a people register.
# custom:
#   id: training.missing
#   severity: minor
#   clauses: [ISO13485:6.2, ISO27001:7.2]
#   params:
#     within_days: 30
package qmslint.rules.training.missing

import data.qmslint.lib

rule_id := "training.missing"

deny contains f if {
	lib.people_known
	some d in lib.documents
	lib.in_force(d)
	is_object(object.get(d, "training", null))
	roles := {r | some r in object.get(d.training, "roles", [])}
	count(roles) > 0
	since := lib.took_effect(d)
	days := object.get(d.training, "within_days", lib.param(rule_id, "within_days", 30))
	some p in lib.people
	held := [a | some a in object.get(p, "roles", []); is_object(a); a.role in roles; lib.assignment_current(a, input.date)]
	count(held) > 0
	start := max({since} | {a.from | some a in held})
	due := lib.add_days(start, days)
	due < input.date
	not lib.training_key(p.id, d.id, object.get(d, "revision", null)) in lib.trained
	f := object.union(lib.at(d, "training"), {
		"msg": sprintf("%s (%s) holds %s, and %s requires that role to be trained on revision %v within %d days of it taking effect, but no training log shows them trained on it (due %s): train them and record it", [p.name, p.id, concat(", ", sort({a.role | some a in held})), lib.name(d), object.get(d, "revision", "(none)"), days, due]),
		"subject": sprintf("%s/%s", [d.id, p.id]),
	})
}
