# METADATA
# title: Management review lacks a required input
# description: |
#   ISO 13485 and ISO/IEC 27001 each list what a management review must
#   consider: feedback, audit results, the follow-up of earlier actions,
#   risks and more. The latest review record must name each of them
#   among its inputs (management_review.inputs, by the topic ids listed in
#   docs/format.md), for every standard enabled.
# custom:
#   id: mgmtreview.input-missing
#   severity: minor
#   clauses: [ISO13485:5.6.2, ISO27001:9.3.2]
package qmslint.rules.mgmtreview.input_missing

import data.qmslint.lib

required := {[topic, label, std] |
	some std, topics in data.qmslint.management_review.inputs
	some cat in data.qmslint.catalogs
	cat.standard == std
	cat.id in input.standards
	some topic, label in topics
}

deny contains f if {
	r := lib.latest_management_review
	covered := {lib.review_topic(x) | some x in object.get(r.management_review, "inputs", [])}
	topics := {t[0] | some t in required}
	some topic in topics
	not topic in covered
	labels := sort({sprintf("%s (%s)", [t[1], t[2]]) | some t in required; t[0] == topic})
	f := object.union(lib.at(r, "management_review/inputs"), {
		"msg": sprintf("management review %s does not consider %s: add an input with topic: %s", [lib.name(r), concat(", ", labels), topic]),
		"subject": sprintf("%s/%s", [r.id, topic]),
	})
}
