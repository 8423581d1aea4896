package qmslint.lib

# The processes of the management system, as the quality manual in force
# lists them (front matter processes:): each a name, or {name, owner} with
# the role (or person) that owns it.

# qms_processes: one {name, key, owner, manual} per listed process;
# key is the name compared ignoring case and surrounding spaces.
# METADATA
# custom:
#   given: value
qms_processes := [p |
	some d in documents_of_kind.manual
	in_force(d)
	some i, x in object.get(d, "processes", [])
	name := process_name(x)
	p := {"name": name, "key": process_key(name), "owner": _process_owner(x), "manual": d, "index": i}
]

# process_name(x): a process entry's name, written as a string or as
# {name: ...}.
process_name(x) := x if is_string(x)

process_name(x) := x.name if is_string(object.get(x, "name", null))

process_key(s) := lower(trim_space(s))

_process_owner(x) := x.owner if {
	is_string(object.get(x, "owner", null))
} else := ""

# owns_process(pid, p, date): the person owned process p on date, by
# holding its owner role or being named as its owner.
owns_process(pid, p, date) if p.owner in roles_at(pid, date)

owns_process(pid, p, _) if person_id(p.owner) == pid
