# METADATA
# title: Clause coverage
# description: |
#   The clause catalogs of the enabled standards and, for every clause,
#   the documents in force that address it, its exclusion or
#   non-applicability with the justification given, and the claims made in
#   document bodies. The coverage rules and `qmslint coverage` both read
#   it, so the report and the findings cannot disagree.
package qmslint.lib.coverage

import data.qmslint.lib

# Whether citing a clause also covers its sub-clauses is a parameter of
# coverage.clause-uncovered; the matrix follows the same setting.
parent_covers := lib.param("coverage.clause-uncovered", "parent_covers_children", false) == true

# A clause a document in force claims in a table or a list of references
# of its body addresses the clause, as an auditor reads an approved
# document: the whole of it was approved, the table included. With
# front_matter_only only the front matter's clauses count (the stricter
# reading, for companies that keep their mapping there). The matrix
# follows the same setting.
front_matter_only := lib.param("coverage.clause-uncovered", "front_matter_only", false) == true

# The forms of body text that state what a document addresses (prose
# only mentions a clause).
counting_forms := {"table", "list"}

# under_control holds when at least one document or register is in force.
# Until then nothing is under control: coverage.not-under-control says so
# once, and the other coverage rules, which would report every clause
# of every standard, stay silent.
under_control if {
	some it in addressing
	lib.in_force(it)
}

# Kinds of item that can address a clause: controlled documents and
# registers (CAPA records and waivers cite the clauses they are about, not
# clauses they implement).
addressing_kinds := lib.controlled_kinds | {"risk-register", "inventory", "suppliers", "soa", "record-log"}

# The values below that are looked up by key are complete rules:
# evaluated once and cached, where a partial rule looked up with a bound
# key is evaluated again for every lookup.

# Catalogs of the enabled standards, by clause id prefix (ISO13485).
catalogs := {cat.standard: cat |
	some cat in data.qmslint.catalogs
	cat.id in input.standards
}

# Every clause of an enabled standard, by clause id (ISO13485:7.3.2).
clauses := {id: object.union(c, {
	"id": id, "standard": std, "number": n,
	"parent_id": clause_id(std, c.parent),
	"group_id": clause_id(std, c.group),
}) |
	some std, cat in catalogs
	some n, c in cat.clauses
	id := clause_id(std, n)
}

clause_id(_, null) := null

clause_id(std, n) := concat(":", [std, n]) if n != null

# split_id("ISO13485:7.3.2") is ["ISO13485", "7.3.2"].
split_id(id) := [std, n] if {
	is_string(id)
	[std, n] := split(id, ":")
}

# known(id) holds for a clause of an enabled standard.
known(id) if clauses[id]

enabled(std) if catalogs[std]

parents := {c.parent_id | some c in clauses; c.parent_id != null}

# Coverage is counted on leaves: clauses without sub-clauses, where the
# requirements are.
leaves := {id | some id, _ in clauses; not id in parents}

# ancestors[id]: the clauses above id (7.5.9 and 7.5 and 7 for 7.5.9.2),
# read from the number rather than walked through parents: cheaper, and
# every prefix of a clause number that is a clause is its ancestor.
ancestors := {id: {a |
	parts := split(c.number, ".")
	count(parts) > 1
	some k in numbers.range(1, count(parts) - 1)
	a := clause_id(c.standard, concat(".", array.slice(parts, 0, k)))
	clauses[a]
} |
	some id, c in clauses
}

# under(id): the leaves at or below a clause.
under(a) := {l | some l in leaves; startswith(l, concat("", [a, "."]))} | ({a} & leaves)

# unreadable: the leaf clauses that a document which failed to parse
# claims in its raw clauses: field (input.files[].clauses). Until it parses
# again, coverage cannot tell whether they are addressed; parse.error
# reports the document once, and the coverage rules say nothing of them
# rather than a cascade of gaps that are not there.
unreadable := {l |
	some f in input.files
	f.failed
	some c in object.get(f, "clauses", [])
	some l in under(c)
}

# ---- documents -------------------------------------------------------

# Controlled documents (lib.documents, already built for every rule) and
# registers.
addressing := array.concat(lib.documents, [r | some r in input.registers; r.kind in addressing_kinds])

force(it) := true if lib.in_force(it)

else := false

# ref is how the matrix names a document, for policies that name one the
# same way. _ref_at builds the same object a field at a time, which
# costs less for every addressing document.
ref(it) := object.union(
	object.union({"id": it.file, "title": "", "revision": null, "status": "", "kind": ""}, object.filter(it, _ref_fields)),
	{"in_force": force(it)},
)

_ref_fields := {"id", "title", "revision", "status", "kind", "file", "line"}

# cited[id]: the set of every document or register that names the clause
# in its front matter `clauses`, in force or not. The built-in rules read
# _cited_refs(id), the same as a list in file order: a set hashes every
# whole reference it holds, and this one is built only for the policies
# that read it.
cited := {id: {r | some r in rs} | some id, rs in _cited}

# _cited holds every clause's list at once, for the report and the
# policies that read cited; the built-in rules look up only the clauses
# they report on, through _cited_refs.
_cited := {id: _cited_refs(id) | some id in _cited_ids}

_cited_ids := {p[0] | some p in _cited_flags; is_string(p[0])}

# [clause id, whether the item is in force, its kind as its reference
# gives it] for every clause an item cites: a few hundred triples, from
# one pass over the items, that say which clauses are cited (_cited_ids),
# by documents in force (_in_force_cited) of which kinds
# (_addressed_by_kind), so that the rules build the references of the
# items citing a clause (and the index behind them) only where they report
# them.
_cited_flags := {[id, f, k] |
	some it in addressing
	is_array(it.clauses)
	f := force(it)
	k := object.get(it, "kind", "")
	some id in it.clauses
}

# _not_in_force_cited: the clauses an item not in force cites.
_not_in_force_cited := {p[0] | some p in _cited_flags; p[1] == false}

# _addressed_by_kind(id, kinds): a reference of _addressed_by(id) has a
# kind in kinds, from the kinds alone.
_addressed_by_kind(id, kinds) if {
	clauses[id]
	some k in _kinds_citing(id)
	k in kinds
}

_addressed_by_kind(id, kinds) if {
	parent_covers
	some a in ancestors[id]
	some k in _kinds_citing(a)
	k in kinds
}

# The kinds of the items in force in _citing_refs(id).
_kinds_citing(id) := object.get(_kinds_cited, id, set()) | {r.kind | some r in object.get(_body_cited, id, [])}

# The kinds of the items in force that cite each clause in their front
# matter, grouped once (by an inner comprehension OPA indexes by id) rather
# than by a walk of the triples for each clause looked up.
_kinds_cited := {id: ks |
	some id in {p[0] | some p in _cited_flags; p[1] == true}
	ks := {p[2] | some p in _cited_flags; p[1] == true; p[0] == id}
}

# _cited_refs(id): the references of the items that cite the clause, each
# once even when its list repeats the clause, in file order.
_cited_refs(id) := [_ref_at(i) | some i in object.get(_cite_index, id, set())]

# _cite_index[id]: the positions in addressing of the items that cite the
# clause, a set (an item that repeats a clause counts once), so in file
# order. Only positions are grouped, by an inner comprehension that OPA
# indexes by id (one pass over the items' clauses for all clauses), with no
# set built per item and no reference built for an item until a clause it
# cites is looked up: grouping whole references cost half the library's
# time. A function would lose the index between calls: OPA builds it anew
# for each. A multi-value rule (_cite_index[id] contains ...) re-copies a
# clause's set on every insertion, quadratic in the documents citing a
# popular clause (measured: 7 s for 10,000 documents).
_cite_index := {id: is |
	some id in _cited_ids
	is := {i | some i, it in addressing; is_array(it.clauses); some x in it.clauses; x == id}
}

# _ref_at(i) is ref(addressing[i]) written out a field at a time: inline,
# with object.get, it allocates half what object.union and object.filter
# do (measured: 55 MB down to 28 MB for 10,000 documents). OPA caches it by
# position, so an item citing several clauses is described once. The
# literal needs the item's line, which the loader always gives; an item
# without one (an input written by hand) is described by ref(it) instead,
# which gives the same object for an item with a line, so that item is not
# lost. A line of false lands there too: ref(it) is as right for it.
_ref_at(i) := {
	"id": object.get(it, "id", it.file), "title": object.get(it, "title", ""),
	"revision": object.get(it, "revision", null), "status": object.get(it, "status", ""),
	"kind": object.get(it, "kind", ""), "file": it.file, "line": it.line,
	"in_force": force(it),
} if {
	it := addressing[i]
	it.line
} else := ref(addressing[i])

# addressed[id]: the set of documents in force that address a clause,
# directly or (with parent_covers_children) through a clause above it.
# _addressed holds the same as lists, for the report; the built-in rules
# ask _covered(id) whether there is any, and _addressed_by(id) which they
# are, clause by clause.
addressed := {id: {r | some r in rs} | some id, rs in _addressed}

_addressed := {id: rs | some id, _ in clauses; rs := _addressed_by(id); count(rs) > 0}

# _addressed_by(id): the references in force that address the clause,
# those citing it first, then (with parent_covers_children) those citing a
# clause above it, marked with that clause as via.
_addressed_by(id) := array.concat(_direct(id), _inherited(id))

_direct(id) := [r | clauses[id]; some r in _citing_refs(id); r.in_force]

_inherited(id) := [object.union(r, {"via": a}) |
	parent_covers
	some a in ancestors[id]
	some r in _citing_refs(a)
	r.in_force
]

_citing_refs(id) := array.concat(_cited_refs(id), object.get(_body_cited, id, []))

# _covered(id): a document in force addresses the clause, as
# count(_addressed_by(id)) > 0 says, from a set of the clauses that
# documents in force cite, built in one pass over them: whether a clause is
# covered is asked of every leaf, and the references only of a few.
_covered(id) if {
	clauses[id]
	_in_force_cited[id]
}

_covered(id) if {
	parent_covers
	some a in ancestors[id]
	_in_force_cited[a]
}

# Every body claim of _body_cited is of a document in force.
_in_force_cited := {p[0] | some p in _cited_flags; p[1] == true} | object.keys(_body_cited)

# _citing is _cited plus, for each clause, the documents in force that
# claim it in a table or a list of references without citing it in
# their front matter (_citing_refs(id), for every clause at once).
_citing := {id: _citing_refs(id) | some id in _cited_ids | object.keys(_body_cited)}

# _body_cited[id]: the references of the documents in force whose body
# claims the clause in a counting form, each once, with the line of its
# first such claim as claim_line.
_body_cited := {id: rs |
	some id in {k[0] | some k in _body_keys}
	rs := [object.union(_in_force_by_file[file], {"claim_line": line}) |
		some [cid, file, line] in _body_keys
		cid == id
	]
}

# [clause id, file, first line] of each counting claim of a controlled
# file whose document is in force and does not cite the clause itself.
_body_keys := [[id, file, min(lines)] |
	some [id, file] in {[p[0], p[1]] | some p in _body_claims}
	lines := {p[2] | some p in _body_claims; p[0] == id; p[1] == file}
]

_body_claims := [[id, f.file, c.line] |
	not front_matter_only
	some f in lib.files_with_claims
	f.controlled
	d := _in_force_claiming[f.file]
	some c in f.claims
	object.get(c, "form", "text") in counting_forms
	not c.not_applicable
	id := _claim_id(c.standard, c.edition, c.clause)
	not _front_matter_cites(d, id)
]

# One lookup per body claim in the clauses of the claiming file's own
# document: walking every reference that cites the clause was a claim
# times the documents citing it (8 million expressions at 10,000
# documents), and a set of every [file, clause] citation cost a pass over
# all citations. A file holds one document or one register, never both,
# so its document is the only item of that file that can cite the clause.
_front_matter_cites(d, id) if {
	is_array(d.clauses)
	id in d.clauses
}

# The controlled files whose bodies claim clauses: only their documents
# can make a body claim count, and the rest of the documents need no
# reference built.
_claiming_files := {f.file | some f in lib.files_with_claims; f.controlled}

# The documents in force by file, among those whose bodies claim clauses.
_in_force_claiming := {d.file: d | some d in lib.documents; d.file in _claiming_files; lib.in_force(d)}

# The documents in force by file, as references, among those whose bodies
# claim clauses: every file a body claim names (_body_cited, and
# coverage.clause-uncovered's hints) is one of them.
_in_force_by_file := {file: ref(d) | some file, d in _in_force_claiming}

# descendants[a]: the clauses below a (the inverse of ancestors).
descendants[a] contains id if {
	some id, above in ancestors
	some a in above
}

addressed_by(id) := object.get(addressed, id, set())

# ---- exclusions and applicability (the quality manual) ----------------

manuals := [d | some d in lib.documents_of_kind.manual; lib.in_force(d)]

# A justification says why: it is not blank, not a placeholder ("n/a",
# "x", "tbd"), and not the organisation's size or budget, which never make
# a requirement not applicable. The lists are data
# (data/qmslint/justifications).
justified(x) if not justification_error(x)

_just := data.qmslint.justifications

# justification_error(x) says what is wrong with x.justification.
justification_error(x) := "blank" if {
	not is_string(object.get(x, "justification", null))
} else := "blank" if {
	trim_space(x.justification) == ""
} else := "placeholder" if {
	t := _normal(x.justification)
	_placeholder(t)
} else := sprintf("size:%s", [phrase]) if {
	t := _normal(x.justification)
	some phrase in _just.not_reasons
	contains(t, phrase)
}

_normal(text) := trim(lower(trim_space(text)), " .,;:!-_*/()")

_placeholder(t) if t in {p | some p in _just.placeholders}

_placeholder(t) if count(t) < _just.min_length

# justification_problem(x, what) completes "the justification of <what>
# ..." for a justification that is there but says nothing.
justification_problem(x, what) := sprintf("the justification %q of %s is a placeholder; say why the requirement does not apply to the organisation's activities or its devices", [x.justification, what]) if {
	justification_error(x) == "placeholder"
} else := sprintf("the justification %q of %s rests on %q, which never makes a requirement not applicable; say why the organisation's activities or its devices leave nothing for it to apply to", [x.justification, what, trim_prefix(e, "size:")]) if {
	e := justification_error(x)
	startswith(e, "size:")
}

# exclusion_error(x) says why a manual's exclusion is not allowed.
exclusion_error(x) := sprintf("%v is not a clause id such as ISO13485:7.5.9.2", [object.get(x, "clause", null)]) if {
	not split_id(object.get(x, "clause", null))
} else := sprintf("%s is not an ISO 13485 clause: ISO/IEC 27001 clauses 4 to 10 cannot be excluded, and Annex A controls are excluded in the Statement of Applicability", [x.clause]) if {
	[std, _] := split_id(x.clause)
	std != "ISO13485"
} else := sprintf("%s is not a clause of ISO 13485:2016", [x.clause]) if {
	[_, n] := split_id(x.clause)
	not iso13485.clauses[n]
} else := sprintf("%s is in clause %s; ISO 13485 allows exclusions and non-application only in clauses %s", [x.clause, c.group, concat(", ", iso13485.exclusion_groups)]) if {
	[_, n] := split_id(x.clause)
	c := iso13485.clauses[n]
	not c.group in iso13485.exclusion_groups
} else := sprintf("%s (%s) cannot be excluded: ISO 13485 lets go only requirements that the organisation's activities or its devices make not applicable (%s; design and development only where the regulations permit it), and every manufacturer needs this one", [x.clause, iso13485.clauses[n].title, concat(", ", excludable_tops)]) if {
	[_, n] := split_id(x.clause)
	not excludable(x.clause)
} else := sprintf("the exclusion of %s gives no justification; say why the requirement does not apply to the organisation or its devices", [x.clause]) if {
	justification_error(x) == "blank"
} else := justification_problem(x, sprintf("the exclusion of %s", [x.clause])) if {
	not justified(x)
}

# excludable(id): the catalog marks the clause excludable, or it has
# sub-clauses and every leaf under it is.
excludable(id) if clauses[id].excludable == true

excludable(id) if {
	not id in leaves
	ls := under(id)
	count(ls) > 0
	every l in ls {
		clauses[l].excludable == true
	}
}

# The highest excludable clauses (7.3 rather than 7.3.1 to 7.3.10), in the
# standard's order, for messages.
excludable_tops := [n |
	some n in _ordered_13485
	id := clause_id("ISO13485", n)
	excludable(id)
	not excludable(clauses[id].parent_id)
]

# Clause numbers sorted numerically (7.5.10 after 7.5.9).
_ordered_13485 := [n | some k in sort([[_num_key(n), n] | some n, _ in iso13485.clauses]); n := k[1]]

_num_key(n) := [to_number(p) | some p in split(n, ".")]

iso13485 := data.qmslint.catalogs.iso13485_2016

exclusions contains x if {
	some d in manuals
	is_array(d.exclusions)
	some x in d.exclusions
	not exclusion_error(x)
}

# excluded[leaf]: the valid exclusions that reach a leaf (excluding 7.3
# excludes 7.3.1 to 7.3.10).
excluded[l] contains x if {
	some x in exclusions
	some l in under(x.clause)
}

conditions := {name | some cat in catalogs; some name, _ in cat.conditions}

all_conditions := {name | some cat in data.qmslint.catalogs; some name, _ in cat.conditions}

# applicability_error(x) says why an applicability entry is wrong.
applicability_error(x) := sprintf("condition %v is not one qmslint knows; use one of %s", [object.get(x, "condition", null), concat(", ", sort(all_conditions))]) if {
	not object.get(x, "condition", null) in all_conditions
} else := sprintf("applies of condition %s must be true or false, not %v", [x.condition, object.get(x, "applies", null)]) if {
	not is_boolean(object.get(x, "applies", null))
} else := sprintf("condition %s is declared not to apply without a justification; say why (for example: the company supplies software only, nothing sterile)", [x.condition]) if {
	x.applies == false
	justification_error(x) == "blank"
} else := justification_problem(x, sprintf("condition %s", [x.condition])) if {
	x.applies == false
	not justified(x)
}

not_applying[x.condition] contains x if {
	some d in manuals
	is_array(d.applicability)
	some x in d.applicability
	x.applies == false
	not applicability_error(x)
}

# requirement_applies(r): r depends on a condition the manual does not
# declare absent.
requirement_applies(r) if {
	is_string(r.condition)
	count(object.get(not_applying, r.condition, set())) == 0
}

# requirement_waived(r): r depends on a condition the manual declares
# absent, so it is not asked for even where its clause applies.
requirement_waived(r) if {
	is_string(r.condition)
	count(object.get(not_applying, r.condition, set())) > 0
}

# not_applicable[leaf]: why a leaf does not apply: a condition the manual
# declares absent, or an Annex A control the Statement of Applicability
# excludes with a justification.
# A clause whose condition is declared absent still applies while a
# requirement of it depends on another condition that is not (6.4.2 asks
# for contamination control of sterile devices even where contamination
# matters for nothing else).
not_applicable[id] contains x if {
	some id in leaves
	cond := clauses[id].condition
	some x in object.get(not_applying, cond, set())
	every r in object.get(clauses[id], "requires", []) {
		not requirement_applies(r)
	}
}

not_applicable[id] contains e if {
	some id in leaves
	some e in object.get(soa_entries, id, set())
	e.applicable == false
	justified(e)
	soa_in_force(e)
}

# ---- Statement of Applicability -----------------------------------------

# The SoA registers that count: not withdrawn. Rules judge a draft SoA
# too, so it can be fixed before approval; exclusions count for coverage
# only from an SoA in force.
soas := [r | some r in input.registers; r.kind == "soa"; object.get(r, "status", "") != "obsolete"]

soa_entries[id] contains e if {
	some r in soas
	is_array(r.controls)
	some e in r.controls
	id := e.control
	is_string(id)
}

soa_in_force(e) if {
	some r in soas
	r.file == e.file
	lib.in_force(r)
}

# ---- claims in document bodies ------------------------------------------

# claims[id]: the set of what bodies say about a clause, from files with
# or without front matter. A claim counts for the enabled edition or when
# it names no edition. _claims holds the same as lists in file order, for
# the built-in rules.
claims := {id: {c | some c in cs} | some id, cs in _claims}

# The objects are built from _claimed only when the matrix or claims is
# read: clause-uncovered reads the claims as they are.
_claims := {id: [object.union({"file": file, "controlled": controlled}, object.filter(c, {"line", "source", "text", "edition", "not_applicable", "form"})) |
	some [_, file, controlled, c] in ps
] |
	some id, ps in _claimed
}

# _claimed[id]: [id, file, controlled, claim] for each claim of the clause,
# in file order. Grouped from a flat list, like _cited, for the same
# reasons.
_claimed := {id: ps |
	some id in {p[0] | some p in _claim_pairs}
	ps := [p | some p in _claim_pairs; p[0] == id]
}

_claim_pairs := [[id, file, controlled, c] |
	some f in lib.files_with_claims
	file := f.file
	controlled := f.controlled
	some c in f.claims
	id := _claim_id(c.standard, c.edition, c.clause)
]

# The clause a claim counts for. Its arguments repeat from claim to claim,
# and OPA caches a function's result by its arguments: each standard,
# edition and clause named is judged once, not once per claim.
_claim_id(std, edition, n) := clause_id(std, n) if {
	n != ""
	cat := catalogs[std]
	edition_counts(cat, edition)
	cat.clauses[n]
}

# edition_counts(cat, e): a claim written with edition e counts for the
# catalog's edition: no edition, the edition itself, or the year of its
# regional adoption written as if it were ISO's ("ISO 27001:2023" for the
# 2022 edition that EN ISO/IEC 27001:2023 adopts). coverage.unknown-edition
# still reports the reference.
edition_counts(_, "")

edition_counts(cat, e) if e == cat.edition

edition_counts(cat, e) if {
	not e in cat.editions
	e > cat.edition
	some years in object.get(cat, "regional_editions", {})
	e in years
	not _later_edition(cat, e)
}

# _later_edition: an ISO edition after the catalog's and by year e, which
# a regional adoption of year e would then adopt instead.
_later_edition(cat, e) if {
	some x in cat.editions
	x > cat.edition
	x <= e
}

# A body claim of a clause above a leaf reaches it when it declares the
# clause not applicable, or when parents cover their children.
claimed(id) if {
	some a in ancestors[id] | {id}
	some c in object.get(_claims, a, [])
	reaches(id, a, c)
}

reaches(id, a, _) if a == id

reaches(id, a, c) if {
	a != id
	c.not_applicable
}

reaches(id, a, _) if {
	a != id
	parent_covers
}

# ---- status ---------------------------------------------------------------

# leaf_status: covered (a document in force addresses it), excluded (by
# the quality manual), not-applicable (a condition that does not apply, or
# excluded in the SoA), else uncovered.
leaf_status(id) := "covered" if _covered(id)
else := "excluded" if count(object.get(excluded, id, set())) > 0
else := "not-applicable" if count(object.get(not_applicable, id, set())) > 0
else := "uncovered"

addressed_leaf(id) if leaf_status(id) != "uncovered"

# status of any clause: a clause with sub-clauses is covered when all its
# leaves are addressed, partial when some are.
status(id) := leaf_status(id) if id in leaves

status(id) := s if {
	not id in leaves
	ls := under(id)
	n := count([l | some l in ls; addressed_leaf(l)])
	s := parent_status(n, count(ls))
}

parent_status(n, t) := "covered" if n == t

parent_status(n, t) := "uncovered" if {
	n == 0
	t > 0
}

parent_status(n, t) := "partial" if {
	n > 0
	n < t
}

# ---- the report ---------------------------------------------------------

justification(x) := {"justification": x.justification, "file": x.file, "line": x.line}

entry(id) := {
	"title": c.title,
	"number": c.number,
	"parent": c.parent_id,
	"group": c.group_id,
	"leaf": id in leaves,
	"condition": object.get(c, "condition", ""),
	"requires": object.get(c, "requires", []),
	"status": status(id),
	"claimed": claimed_flag(id),
	"documents": sort({r | some r in object.get(_citing, id, [])}),
	"inherited": sort({r | some r in _addressed_by(id); r.via}),
	"exclusions": sort([justification(x) | some x in object.get(excluded, id, set())]),
	"not_applicable": sort([justification(x) | some x in object.get(not_applicable, id, set())]),
	"claims": sort({x | some x in object.get(_claims, id, [])}),
} if c := clauses[id]

claimed_flag(id) := true if claimed(id)

else := false

report := {
	"date": input.date,
	"parent_covers_children": parent_covers,
	"standards": {std: {
		"id": cat.id,
		"name": cat.name,
		"groups": cat.groups,
		"clauses": {id: entry(id) | some id, c in clauses; c.standard == std},
	} |
		some std, cat in catalogs
	},
}
