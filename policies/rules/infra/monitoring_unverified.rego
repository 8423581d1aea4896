# METADATA
# title: Monitoring not verified recently
# description: |
#   Monitoring that stopped working looks exactly like a system with no
#   problems. Each monitor needs a passing monitoring-check entry (an
#   alert triggered on purpose and received; subject lists the monitor's
#   id) within max_age_days, and its latest check must not have failed;
#   a change to the monitoring or the systems it watches is the usual
#   reason it stops. The age comes from the monitoring procedure's
#   parameters (monitoring_check_max_age_days), else .qmslint.yaml, else 7.
#   One missed check is minor; it is major once a second interval has
#   passed, when the latest check failed or there never was one, and when
#   the monitor is the only one watching a production system, because then
#   nothing else would notice it fall silent.
# custom:
#   id: infra.monitoring-unverified
#   severity: major
#   clauses: [ISO27001:A.8.16, ISO27001:A.8.32, ISO13485:6.3]
#   params:
#     max_age_days: 7
package qmslint.rules.infra.monitoring_unverified

import data.qmslint.lib

rule_id := "infra.monitoring-unverified"

max_age := lib.threshold(rule_id, "max_age_days", "monitoring_check_max_age_days", 7)

# Every asset that some asset names as its monitor, plus monitoring assets.
monitors := {m | some a in lib.asset_by_id; some m in a.monitored_by; lib.asset_by_id[m]} | object.get(lib.assets_by_role, "monitoring", set())

problem(m) := sprintf("its latest check, on %s, failed%s", [e.date, notes(e)]) if {
	latest_failed(m)
	e := lib.latest_entry("monitoring-check", m)
}

problem(m) := sprintf("there is no passing monitoring check within %d days, %s (the last passing one was on %s, %d days ago)", [max_age.value, max_age.note, d, lib.days_ago(d)]) if {
	not latest_failed(m)
	d := lib.last_pass("monitoring-check", m)
	lib.days_ago(d) > max_age.value
}

problem(m) := sprintf("no monitoring-check log records a passing check, and one is required every %d days, %s", [max_age.value, max_age.note]) if {
	not latest_failed(m)
	not lib.last_pass("monitoring-check", m)
}

# The latest check failed, and no check on that same day passed (a failed
# check fixed and re-run the same day is verified).
latest_failed(m) if {
	e := lib.latest_entry("monitoring-check", m)
	e.result == "fail"
	lib.last_pass("monitoring-check", m) != e.date
}

latest_failed(m) if {
	e := lib.latest_entry("monitoring-check", m)
	e.result == "fail"
	not lib.last_pass("monitoring-check", m)
}

notes(e) := sprintf(" (%q)", [e.notes]) if is_string(e.notes)

notes(e) := "" if not is_string(object.get(e, "notes", null))

# The production assets that m alone watches.
sole_watcher(m) := object.get(_sole_watched, m, [])

# The production assets watched by one monitor alone, by that monitor:
# one pass over the assets, grouped in the shape OPA indexes, where a
# pass per monitor was most of the rules' time on a large inventory.
_sole_watched := {m: sort([p[1] | some p in _sole_pairs; p[0] == m]) | some m in {p[0] | some p in _sole_pairs}}

_sole_pairs := [[mb[0], pid] |
	some pid in lib.assets_by_role.production
	mb := object.get(lib.asset_by_id[pid], "monitored_by", [])
	is_array(mb)
	count(mb) == 1
]

# A monitor late by less than a second interval, and not alone, is a
# minor finding; everything else keeps the rule's major.
severity(m) := "minor" if {
	not latest_failed(m)
	lib.days_ago(lib.last_pass("monitoring-check", m)) <= 2 * max_age.value
	count(sole_watcher(m)) == 0
}

else := "major"

alone(m) := sprintf("; it is the only monitor of %s, so nothing else would notice it fall silent", [concat(", ", ps)]) if {
	ps := sole_watcher(m)
	count(ps) > 0
} else := ""

deny contains f if {
	some m in monitors
	why := problem(m)
	f := object.union(lib.where(lib.asset_by_id[m]), {
		"msg": sprintf("monitoring by %s is not verified: %s%s; trigger a test alert, confirm it arrives and record the result in a monitoring-check log", [m, why, alone(m)]),
		"subject": m,
		"severity": severity(m),
	})
}
