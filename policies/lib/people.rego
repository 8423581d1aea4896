package qmslint.lib

# People, roles and authority (kind: people, docs/format.md). Approvals,
# training records and audits name people by id, by name or by a Git
# e-mail; person_id resolves any of them. Rules that judge who signed run
# only when a people register exists: without one, every name would be
# unknown.

people := [p |
	some r in registers_of_kind("people")
	object.get(r, "status", "") != "obsolete"
	some p in r.people
	is_object(p)
	is_string(p.id)
]

people_known if count(people) > 0

person_by_id := by_id(people)

# Names and e-mails, lower-cased, to the id of the first person who has
# them.
_person_keys := [[lower(k), p.id] |
	some p in people
	some k in array.concat([p.id, object.get(p, "name", "")], [e | some e in object.get(p, "emails", []); is_string(e)])
	is_string(k)
	k != ""
]

person_by_key := {k: ids[0] |
	some k in {x[0] | some x in _person_keys}
	ids := [x[1] | some x in _person_keys; x[0] == k]
}

# person_id(s) is the id of the person s names (id, name or e-mail, in any
# case); undefined when nobody has it.
person_id(s) := person_by_key[lower(trim_space(s))] if is_string(s)

# The roles a person held on a date (YYYY-MM-DD; both ends included).
roles_at(pid, date) := {a.role |
	some a in object.get(person_by_id[pid], "roles", [])
	is_object(a)
	is_string(a.role)
	assignment_current(a, date)
}

assignment_current(a, date) if {
	a.from <= date
	not is_string(object.get(a, "to", null))
}

assignment_current(a, date) if {
	a.from <= date
	date <= a.to
}

# The people each person stands in for.
deputy_for := {id: {p.id | some p in people; id in object.get(p, "deputies", [])} | some id, _ in person_by_id}

# The roles a person could act in on a date: their own, and those of the
# people they deputise for.
acting_roles_at(pid, date) := roles_at(pid, date) | union({roles_at(other, date) | some other in object.get(deputy_for, pid, set())})

# Which roles may approve what: an object from a document or register kind
# (procedure, soa), or from waiver, capa-closure or risk-acceptance, to a
# list of role ids; "default" covers kinds it does not name. Declared in the
# document-control procedure's parameters (approval_authority), else in
# .qmslint.yaml (rules: {approval.unauthorised: {authority: {...}}}).
approval_authority := threshold("approval.unauthorised", "authority", "approval_authority", {})

# The roles that may approve kind, undefined when the authority leaves the
# kind unregulated.
authorised_roles(kind) := {r | some r in roles} if {
	is_object(approval_authority.value)
	roles := object.get(approval_authority.value, kind, object.get(approval_authority.value, "default", null))
	is_array(roles)
}

# authorised(pid, kind, date): the person could approve kind on date.
authorised(pid, kind, date) if count(acting_roles_at(pid, date) & authorised_roles(kind)) > 0

# The documents and registers whose approvals are judged: everything with
# approvals that is not obsolete.
# METADATA
# custom:
#   scope: document
approved_items := array.concat(
	[d | some d in documents; object.get(d, "status", "") != "obsolete"; is_array(object.get(d, "approvals", null))],
	[r | some r in input.registers; is_string(r.id); object.get(r, "status", "") != "obsolete"; is_array(object.get(r, "approvals", null))],
)
