# METADATA
# title: Management review output without a decision or action
# description: |
#   A management review must end in decisions and actions: on
#   improvement, on changes to the management system, on resources. An
#   output that records neither, or a review with no outputs at all,
#   leaves nothing to follow up.
# custom:
#   id: mgmtreview.output-without-action
#   severity: minor
#   clauses: [ISO13485:5.6.3, ISO27001:9.3.3]
package qmslint.rules.mgmtreview.output_without_action

import data.qmslint.lib

deny contains f if {
	r := lib.latest_management_review
	count(object.get(r.management_review, "outputs", [])) == 0
	f := object.union(lib.at(r, "management_review"), {
		"msg": sprintf("management review %s records no outputs: add management_review.outputs with the decisions and actions taken", [lib.name(r)]),
		"subject": r.id,
	})
}

deny contains f if {
	r := lib.latest_management_review
	some i, x in object.get(r.management_review, "outputs", [])
	not acted(x)
	name := output_name(x, i)
	f := object.union(lib.at(r, sprintf("management_review/outputs/%d", [i])), {
		"msg": sprintf("management review %s: output %v records no decision and no actions: add decision: ... or actions: [...]", [lib.name(r), name]),
		"subject": sprintf("%s/%v", [r.id, name]),
	})
}

acted(x) if {
	is_object(x)
	is_string(object.get(x, "decision", null))
}

acted(x) if {
	is_object(x)
	count(object.get(x, "actions", [])) > 0
}

output_name(x, _) := lib.review_topic(x)

output_name(x, i) := i + 1 if not lib.review_topic(x)
