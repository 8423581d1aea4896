# METADATA
# title: Helpers of the change rules
# description: |
#   input.change (only under qmslint review) holds both sides of a change:
#   base and head {ref, commit, date, documents, registers} and changed[],
#   one entry per controlled document or register the change touches.
package qmslint.rules.change.lib

import data.qmslint.lib as qlib

change := object.get(input, "change", {"base": {}, "head": {}, "changed": []})

# Documents and registers with an id, by id, on each side.
base_by_id := qlib.by_id(array.concat(object.get(change.base, "documents", []), object.get(change.base, "registers", [])))

head_by_id := qlib.by_id(array.concat(object.get(change.head, "documents", []), object.get(change.head, "registers", [])))

# Where a finding about a changed item points: a field of the head version,
# or the whole file of a removed one.
at(c, field) := {"file": c.file, "pointer": concat("/", [head_by_id[c.id].pointer, field])} if head_by_id[c.id]

at(c, _) := {"file": c.file, "line": 0} if not head_by_id[c.id]

# The day the change was made: its newest commit that changed the content,
# else the head commit.
changed_on(c) := c.changed_on if c.changed_on != ""

changed_on(c) := object.get(change.head, "date", "") if c.changed_on == ""

approval_key(a) := sprintf("%v|%v", [object.get(a, "by", ""), object.get(a, "date", "")])

# Approvals of the head version that the base version did not have.
new_approvals(id) := [a |
	some a in object.get(head_by_id[id], "approvals", [])
	not approval_key(a) in {approval_key(b) | some b in object.get(object.get(base_by_id, id, {}), "approvals", [])}
]

latest_approval(it) := max({a.date | some a in object.get(it, "approvals", []); is_string(a.date)})

name(it) := sprintf("%s (%s)", [it.id, it.title]) if is_string(object.get(it, "title", null))

name(it) := it.id if not is_string(object.get(it, "title", null))
