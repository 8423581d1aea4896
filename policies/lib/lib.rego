# METADATA
# title: qmslint rule library
# description: |
#   Functions shared by the built-in rules. User policies may import it
#   (import data.qmslint.lib); its functions are part of the policy model.
package qmslint.lib

# Document kinds that are controlled documents in the ISO 13485 sense
# (CAPA records and waivers have their own lifecycle).
controlled_kinds := {"policy", "procedure", "work-instruction", "plan", "manual", "form", "record"}

# Register item lists that carry ids, of any register kind, from the one
# declaration of register kinds (data.qmslint.registers).
item_lists := {l | some k in data.qmslint.registers.kinds; some l in k.ids}

# The evaluation date ("as of") in nanoseconds.
today := date_ns(input.date)

date_ns(s) := time.parse_ns("2006-01-02", s)

# Whole days from date string a to date string b (negative if b is earlier).
days_between(a, b) := round((date_ns(b) - date_ns(a)) / ((24 * 60) * 60e9))

# Days from date string s to the evaluation date.
days_ago(s) := days_between(s, input.date)

# Date string n months after date string s.
add_months(s, n) := time.format([time.add_date(date_ns(s), 0, n, 0), "UTC", "2006-01-02"])

# param returns the rule's parameter from .qmslint.yaml, or the default.
param(rule, name, default_value) := object.get(input.config.rules, [rule, name], default_value)

# at points a finding at a field of an item: at(doc, "review/last").
at(item, field) := {"file": item.file, "pointer": concat("/", [item.pointer, field])}

# where points a finding at an item itself.
where(item) := {"file": item.file, "pointer": item.pointer}

# Controlled documents (not CAPA records or waivers), in file order.
#
# documents and items are arrays, not sets: a set of whole documents is
# hashed document by document, headings and links included, which cost a
# quarter of a second per 10,000 documents before any rule ran.
# METADATA
# custom:
#   scope: document
documents := json.remove({"documents": input.documents}, paths).documents if {
	# With input.index the kinds are counted, not read document by document
	# (which cost a third of the evaluation of a rule about documents). When
	# the index files every document under its kind, documents is
	# input.documents less the few of other kinds (CAPA records, waivers),
	# removed in one call: input.documents itself when there are none. A
	# document without a kind is in no list of the index; then the
	# controlled kinds' positions are merged back into file order.
	count(input.documents) == sum([count(ps) | some ps in input.index.documents_of_kind])
	paths := [sprintf("documents/%d", [i]) | some kind, ps in input.index.documents_of_kind; not kind in controlled_kinds; some i in ps]
} else := [input.documents[i] | some i in sort([i | some kind in controlled_kinds; some i in object.get(input.index.documents_of_kind, kind, [])])] if {
	input.index.documents_of_kind
} else := [d | some d in input.documents; d.kind in controlled_kinds]

# The files whose bodies claim clauses (input.files[].claims), in file
# order: most have none, and the rules about claims need not visit those.
# METADATA
# custom:
#   scope: document
files_with_claims := [input.files[i] | some i in input.index.files_with_claims] if {
	input.index
} else := [f | some f in input.files; count(object.get(f, "claims", [])) > 0]

# Every item that has an id: documents, registers and register items.
items := array.concat(
	array.concat(
		[it | some it in input.documents; is_string(it.id)],
		[it | some it in input.registers; is_string(it.id)],
	),
	[it | some reg in input.registers; some list in item_lists; some it in reg[list]; is_string(it.id)],
)

# The ids of every item, and how many items carry each (more than one is a
# duplicate, which doc.id-duplicate reports). From input.index, which the
# loader builds, when present; from the items otherwise.
id_counts := input.index.ids if {
	input.index
} else := {id: count([x | some x in items; x.id == id]) | some id in {it.id | some it in items}}

# A file that failed to parse is still known by the id the loader
# recovered (input.files[].id): parse.error reports it once, and
# references to it are not broken on top of that.
# METADATA
# custom:
#   given: value
ids := object.keys(id_counts) | {f.id | some f in input.files; is_string(f.id)}

# Documents by id (the first, when an id is duplicated: doc.id-duplicate
# reports the others). Built whole, once per evaluation: a partial rule
# keyed by id would rescan every document for each lookup. From
# input.index when present: by_id sorts every document's id, and each
# query that reads documents by id built it again.
document_by_id := {id: input.documents[i] | some id, i in input.index.document_of_id} if {
	input.index.document_of_id
} else := by_id(input.documents)

# by_id(xs) indexes the items of array xs that have a string id by that id.
# When an id repeats (doc.id-duplicate reports it) the first item wins: a
# plain {x.id: x | ...} would be an object with two values for one key,
# an error that aborts every rule of the run.
by_id(xs) := {p[0]: xs[p[1]] |
	pairs := sort([[x.id, i] | some i, x in xs; is_string(x.id)])

	# Each pair is compared with the one before it (prev[k] is
	# pairs[k - 1], a null id for the first) by reference, not through a
	# function of pairs: OPA caches a function's results by its
	# arguments, and the two sides of input.change have equal lists, so
	# every call compared a whole list (17 s for 10,000 documents).
	prev := array.concat([[null]], pairs)
	some k, p in pairs
	prev[k][0] != p[0]
}

# A document is in force on the evaluation date: approved, and effective
# (when it says from when) no later than today. One body, which tests the
# status first: every rule that weighs documents calls it, for every
# document.
in_force(d) if {
	d.status == "approved"
	_effective_by_today(object.get(d, "effective", false))
}

_effective_by_today(false)

_effective_by_today(e) if date_ns(e) <= today

# Documents by kind, in file order: documents_of_kind.manual,
# documents_of_kind.capa. From input.index when present: without it, each
# lookup scans every document.
# METADATA
# custom:
#   scope: document
documents_of_kind[kind] := [input.documents[i] | some i in object.get(input.index.documents_of_kind, kind, [])] if {
	some kind in document_kinds
	input.index
}

# METADATA
# custom:
#   scope: document
documents_of_kind[kind] := [d | some d in input.documents; d.kind == kind] if {
	some kind in document_kinds
	not input.index
}

document_kinds := controlled_kinds | {"capa", "waiver"}

# The latest dated approval of a document.
last_approval(d) := max({a.date | some a in d.approvals; is_string(a.date)})

# Finding message fragment naming a document: "SOP-004 (Control of documents)".
name(d) := sprintf("%s (%s)", [d.id, d.title]) if is_string(d.title)

# An else, not a second function body: every finding about a document
# calls it, and the second body was evaluated, negation and all, for every
# call.
else := d.id
