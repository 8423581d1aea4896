package qmslint.lib

# Thresholds are the organisation's, not the standard's: ISO 27001 asks for
# backups tested "regularly" and ISO 13485 for a risk-based approach, and
# neither says "7 days". So a rule's threshold comes, in this order, from
#
#   1. an in-force controlled document that declares it in its front matter
#      (parameters: {restore_test_max_age_days: 7}), so the finding can say
#      "as SOP-010 requires";
#   2. .qmslint.yaml (rules: {infra.restore-test-stale: {max_age_days: 7}});
#   3. the rule's built-in default.
#
# When several in-force documents declare the same parameter, the one that
# took effect last wins (effective date, else its latest approval): it is
# the organisation's most recent decision. On the same date the lowest id
# wins, then (for a duplicated id, which doc.id-duplicate reports) the first
# file, so the outcome never depends on file order and never conflicts.

# Every declaration of a document parameter, by parameter name.
param_declarations[name] contains decl if some [name, decl] in _param_declarations

# The documents are scanned once per evaluation, in this complete rule: a
# lookup of param_declarations[name] with name bound, as each threshold
# makes, evaluates the partial rule again (six scans of every document per
# lint, a tenth of the library's expressions).
# METADATA
# custom:
#   given: value
_param_declarations := [[name, decl] |
	some d in documents
	is_object(d.parameters)
	in_force(d)
	some name, value in d.parameters
	decl := {"document": d.id, "file": d.file, "value": value, "since": _since(d)}
]

_since(d) := d.effective if {
	is_string(d.effective)
} else := last_approval(d) if {
	count([a | some a in object.get(d, "approvals", []); is_string(a.date)]) > 0
} else := ""

# The winning declaration of each document parameter.
declared_params[name] := winner if {
	some name, decls in param_declarations
	latest := max({x.since | some x in decls})
	first := sort([[x.document, x.file] | some x in decls; x.since == latest])[0]
	winner := [x | some x in decls; x.since == latest; x.document == first[0]; x.file == first[1]][0]
}

# threshold returns {value, source, note} for a rule's parameter: param is
# its name under rules.<rule> in .qmslint.yaml, doc_param its name in a
# document's parameters. note completes a sentence: "... within 7 days,
# as SOP-010 requires".
threshold(rule, param, doc_param, default_value) := t if {
	decl := declared_params[doc_param]
	t := {
		"value": decl.value,
		"source": decl.document,
		"note": sprintf("as %s requires", [decl.document]),
	}
} else := t if {
	v := object.get(input.config.rules, [rule, param], null)
	v != null
	t := {
		"value": v,
		"source": ".qmslint.yaml",
		"note": sprintf("as .qmslint.yaml sets (rules.%s.%s)", [rule, param]),
	}
} else := {
	"value": default_value,
	"source": "default",
	"note": sprintf("by qmslint's default (declare %s in the parameters of the procedure that sets it to make it yours)", [doc_param]),
}
