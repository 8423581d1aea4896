# METADATA
# title: Disaster recovery plan not exercised recently
# description: |
#   A disaster recovery plan nobody has rehearsed fails on first use:
#   contacts have changed, access is missing, steps are out of order. Each
#   approved plan with scenarios needs a dr-exercise entry (subject lists
#   the plan's id or one of its scenario ids) within max_age_months. The age
#   comes from the plan's or another procedure's parameters
#   (dr_exercise_max_age_months), else .qmslint.yaml, else 12 months.
# custom:
#   id: infra.dr-exercise-stale
#   severity: major
#   clauses: [ISO27001:A.5.30, ISO27001:A.5.29, ISO13485:6.3]
#   params:
#     max_age_months: 12
package qmslint.rules.infra.dr_exercise_stale

import data.qmslint.lib

rule_id := "infra.dr-exercise-stale"

max_age := lib.threshold(rule_id, "max_age_months", "dr_exercise_max_age_months", 12)

plans := {s.plan | some s in lib.scenarios}

# Dates of exercises of a plan or of any of its scenarios.
exercised(plan) := {e.date |
	some subject in ({plan} | {s.id | some s in lib.scenarios; s.plan == plan})
	some e in lib.entries_of("dr-exercise", subject)
}

last_seen(plan) := sprintf("the last one was on %s", [max(exercised(plan))]) if count(exercised(plan)) > 0

last_seen(plan) := "no dr-exercise log records one" if count(exercised(plan)) == 0

deny contains f if {
	some plan in plans
	not recent(plan)
	d := lib.document_by_id[plan]
	f := object.union(lib.at(d, "scenarios"), {
		"msg": sprintf("%s has not been exercised within %v months, %s: %s; rehearse at least one scenario and record it in a dr-exercise log", [lib.name(d), max_age.value, max_age.note, last_seen(plan)]),
		"subject": plan,
	})
}

recent(plan) if {
	some date in exercised(plan)
	lib.date_ns(lib.add_months(date, max_age.value)) >= lib.today
}
