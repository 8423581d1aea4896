# METADATA
# title: Helpers of the change rules
# description: |
#   input.change (only under qmslint review) holds both sides of a change:
#   base and head {ref, commit, date, documents, registers} and changed[],
#   one entry per controlled document or register the change touches.
package qmslint.rules.change.lib

import data.qmslint.lib as qlib

change := object.get(input, "change", {"base": {}, "head": {}, "changed": []})

# Documents and registers with an id, by id, on each side: a side's
# documents first, then its registers, the first of a repeated id winning
# (as qlib.by_id). From the side's index (index.document_of_id and
# index.register_of_id, positions that review gives) when present: by_id
# sorts every id of both sides, where the rules look up the few items a
# change touches.
base_by_id := _by_index(change.base) if change.base.index else := _by_scan(change.base)

head_by_id := _by_index(change.head) if change.head.index else := _by_scan(change.head)

_by_index(side) := object.union(
	{id: side.registers[i] | some id, i in side.index.register_of_id},
	{id: side.documents[i] | some id, i in side.index.document_of_id},
)

_by_scan(side) := qlib.by_id(array.concat(object.get(side, "documents", []), object.get(side, "registers", [])))

# base_item(id) and head_item(id) are base_by_id[id] and head_by_id[id],
# looked up in the index without building either object.
base_item(id) := _item(change.base, id) if change.base.index

base_item(id) := base_by_id[id] if not change.base.index

head_item(id) := _item(change.head, id) if change.head.index

head_item(id) := head_by_id[id] if not change.head.index

_item(side, id) := side.documents[side.index.document_of_id[id]]

_item(side, id) := side.registers[side.index.register_of_id[id]]

# Where a finding about a changed item points: a field of the head version,
# or the whole file of a removed one.
at(c, field) := {"file": c.file, "pointer": concat("/", [head_item(c.id).pointer, field])} if head_item(c.id)

at(c, _) := {"file": c.file, "line": 0} if not head_item(c.id)

# The day the change was made: its newest commit that changed the content,
# else the head commit.
changed_on(c) := c.changed_on if c.changed_on != ""

changed_on(c) := object.get(change.head, "date", "") if c.changed_on == ""

approval_key(a) := sprintf("%v|%v", [object.get(a, "by", ""), object.get(a, "date", "")])

# Approvals of the head version that the base version did not have.
new_approvals(id) := [a |
	some a in object.get(head_item(id), "approvals", [])
	not approval_key(a) in {approval_key(b) | some b in object.get(_base_or_empty(id), "approvals", [])}
]

_base_or_empty(id) := base_item(id) if base_item(id) else := {}

latest_approval(it) := max({a.date | some a in object.get(it, "approvals", []); is_string(a.date)})

name(it) := sprintf("%s (%s)", [it.id, it.title]) if is_string(object.get(it, "title", null))

name(it) := it.id if not is_string(object.get(it, "title", null))
