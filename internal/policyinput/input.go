// Package policyinput builds the document Rego rules read as `input`: the
// whole repository in one value, each item with the file, line and JSON
// pointer it came from. Its shape is a contract with users' policies
// (docs/policy-model.md); a change that breaks them bumps Version.
package policyinput

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/parallel"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// Version of the input model.
const Version = 1

// Options are the evaluation settings rules can see.
type Options struct {
	Date      string // YYYY-MM-DD, the "as of" day
	Standards []string
	// Params are per-rule parameters from .qmslint.yaml, by rule id.
	Params map[string]map[string]any
	// History is input.history, each document's commits by id
	// (internal/history), when the root is in a Git repository; nil
	// leaves the key out, and rules read it with object.get.
	History map[string]any
	// Memo names what a file's converted document or register depends
	// on besides the file itself (the configuration the file was parsed
	// under); when set, an item converted earlier in this process from
	// the same file, at the same content and with the same links
	// resolving, is used again (memo.go). "" converts everything.
	Memo string
}

// Builds and Conversions count the inputs built and converted for OPA in
// this process, so that tests can hold each command to one of each per
// side (a run is computed once, docs/architecture.md).
var Builds, Conversions atomic.Int64

// Build returns the input document. It copies what it annotates, so the
// model stays as the loader made it.
func Build(repo *model.Repository, opts Options) map[string]any {
	Builds.Add(1)
	sums := fileSums(repo, opts.Memo)
	// Each file and document named on every core: a digest apiece, and
	// every run waits for the input.
	files := make([]any, len(repo.Files))
	parallel.Each(len(repo.Files), func(_, i int) {
		f := &repo.Files[i]
		files[i] = fileEntry{f: f, memo: memoKey(sums, opts.Memo, "f", f.Path, 0, nil)}
	})
	docs := make([]any, len(repo.Documents))
	parallel.Each(len(repo.Documents), func(_, i int) {
		d := repo.Documents[i]
		docs[i] = item{data: d.Meta, pos: d.Pos, file: d.File, line: d.Line, doc: d,
			memo: memoKey(sums, opts.Memo, "d", d.File, d.Line, d.Links)}
	})
	regs := make([]any, len(repo.Registers))
	for i, r := range repo.Registers {
		regs[i] = item{data: r.Data, pos: r.Pos, file: r.File, line: 1, memo: memoKey(sums, opts.Memo, "r", r.File, 1, nil)}
	}
	problems := make([]any, 0, len(repo.Problems))
	for _, p := range repo.Problems {
		problems = append(problems, map[string]any{"rule": p.Rule, "file": p.File, "line": int64(p.Line), "subject": p.Subject, "msg": p.Msg})
	}
	standards := make([]any, len(opts.Standards))
	for i, s := range opts.Standards {
		standards[i] = s
	}
	params := map[string]any{}
	for id, p := range opts.Params {
		params[id] = p
	}
	in := map[string]any{
		"index":     index(repo),
		"version":   int64(Version),
		"date":      opts.Date,
		"standards": standards,
		"config":    map[string]any{"rules": params},
		"files":     files,
		"documents": docs,
		"registers": regs,
		"problems":  problems,
	}
	if opts.History != nil {
		in["history"] = opts.History
	}
	return in
}

// index is input.index: lookups the rules would otherwise build by
// scanning every document, once per query (docs/policy-model.md). What it
// holds follows from the rest of the input; data.qmslint.lib reads it when
// present and computes the same from the documents when it is not (in
// unit tests' hand-written inputs).
func index(repo *model.Repository) map[string]any {
	kinds := map[string]any{}
	ids := map[string]any{}
	first := map[string]any{}
	count := func(v any) {
		if id, ok := v.(string); ok {
			n, _ := ids[id].(int64)
			ids[id] = n + 1
		}
	}
	for i, d := range repo.Documents {
		if k, ok := d.Meta["kind"].(string); ok {
			list, _ := kinds[k].([]any)
			kinds[k] = append(list, int64(i))
		}
		count(d.Meta["id"])
		if id, ok := d.Meta["id"].(string); ok && first[id] == nil {
			first[id] = int64(i)
		}
	}
	for _, r := range repo.Registers {
		count(r.Data["id"])
		// model.IDLists, as lib.item_lists in Rego: both read the one
		// declaration of register kinds.
		for _, list := range model.IDLists {
			items, _ := r.Data[list].([]any)
			for _, it := range items {
				if m, ok := it.(map[string]any); ok {
					count(m["id"])
				}
			}
		}
	}
	claimed := []any{}
	for i, f := range repo.Files {
		if len(f.Claims) > 0 {
			claimed = append(claimed, int64(i))
		}
	}
	return map[string]any{"documents_of_kind": kinds, "ids": ids, "files_with_claims": claimed, "document_of_id": first}
}

// Value converts the input for OPA once, outside the timed evaluation.
// The long lists (files, documents, registers) are converted element by
// element on every core: conversion is a tenth of a full lint of a large
// repository, and the elements are independent.
func Value(in map[string]any) (ast.Value, error) {
	return ValueOf(in, func(k string) (ast.Value, error) { return Part(in, k) })
}

// ValueOf is Value, each key converted by part (Part, or one that takes
// the keys a caller converted before).
func ValueOf(in map[string]any, part func(key string) (ast.Value, error)) (ast.Value, error) {
	Conversions.Add(1)
	obj := ast.NewObject()
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := part(k)
		if err != nil {
			return nil, err
		}
		obj.Insert(ast.StringTerm(k), ast.NewTerm(v))
	}
	return obj, nil
}

// Part converts input[key] alone, as Value does; nil when it is absent.
// A later stage that reads a few keys of an input (review's change reads
// each side's documents and registers) converts only those.
func Part(in map[string]any, key string) (ast.Value, error) {
	x, ok := in[key]
	if !ok {
		return nil, nil
	}
	if list, ok := x.([]any); ok {
		return convertList(list, nil)
	}
	return newConverter().value(x)
}

// With returns input with the keys of extra added or replaced, sharing
// every other value with input, which stays as it was: the later stages of
// a run (trace's input.findings, review's input.change) extend the input
// the run converted once instead of converting the repository again. A
// value of extra that is already an ast.Value (a part of a converted
// input, such as Field gives) is used as it is.
func With(input ast.Value, extra map[string]any) (ast.Value, error) {
	obj, ok := input.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("policy input is %T, not an object", input)
	}
	out := ast.NewObjectWithCapacity(obj.Len() + len(extra))
	obj.Foreach(func(k, v *ast.Term) {
		if s, ok := k.Value.(ast.String); ok {
			if _, replaced := extra[string(s)]; replaced {
				return
			}
		}
		{
			out.Insert(k, v)
		}
	})
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	c := newConverter()
	for _, k := range keys {
		v, err := c.term(extra[k])
		if err != nil {
			return nil, err
		}
		out.Insert(ast.StringTerm(k), v)
	}
	return out, nil
}

// Field is the top-level key of a converted input (input.documents), nil
// when it is absent.
func Field(input ast.Value, key string) ast.Value {
	obj, ok := input.(ast.Object)
	if !ok {
		return nil
	}
	t := obj.Get(ast.StringTerm(key))
	if t == nil {
		return nil
	}
	return t.Value
}

// convertList converts the elements of list concurrently, each item cut
// as cut says (nil: whole).
func convertList(list []any, cut *cutting) (ast.Value, error) {
	terms := make([]*ast.Term, len(list))
	errs := make([]error, len(list))
	convs := make([]*converter, parallel.Workers(len(list)))
	for w := range convs {
		convs[w] = newConverter()
	}
	parallel.Each(len(list), func(w, i int) {
		terms[i], errs[i] = convs[w].element(list[i], cut)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return ast.NewArray(terms...), nil
}

// Warm converts the elements of input[key] (cut to fields when not nil,
// as Cut does) that the memo does not hold yet, one after another on the
// caller's goroutine, and keeps them there:
// a later Part of the key, of this input or of the comparison's other
// side, finds them converted. It is for work ahead of need (a review's
// change rules read both sides' documents), which must leave the other
// cores to the work that is needed now.
//
// It goes from the end of the list: a Part of the key started before it
// is done converts from the front on every core and meets it in the
// middle instead of converting the same elements beside it. One Warm
// runs at a time: the two sides of a comparison share nearly every
// element.
func Warm(in map[string]any, key string, fields []string) {
	warming.Lock()
	defer warming.Unlock()
	list, _ := in[key].([]any)
	cut := cutTo(fields)
	c := newConverter()
	for i := len(list) - 1; i >= 0; i-- {
		// Only what the memo can keep: anything else would be converted
		// for nothing.
		if memoOf(list[i]) != "" {
			_, _ = c.element(list[i], cut)
		}
	}
}

var warming sync.Mutex

// element converts one element of a list, from the memo when it holds
// it; an item cut to the fields cut names when cut is not nil. Each
// converted element's objects have their keys sorted here, on the
// converting goroutine: OPA sorts an object's keys the first time a rule
// iterates it, and would otherwise do it during evaluation.
func (c *converter) element(x any, cut *cutting) (*ast.Term, error) {
	memo := memoOf(x)
	if it, ok := x.(item); ok && cut != nil {
		it.only = cut.only
		x = it
	} else {
		cut = nil // only documents and registers are cut
	}
	if t := memoGet(memo, cut); t != nil {
		return t, nil
	}
	t, err := c.term(x)
	if err != nil {
		return nil, err
	}
	ast.WalkTerms(t, func(t *ast.Term) bool {
		if o, ok := t.Value.(ast.Object); ok {
			o.Keys()
		}
		return false
	})
	memoPut(memo, cut, t)
	return t, nil
}

// item is a document's front matter or a register as rules see it: its
// fields, then file, line and pointer, then a document's own fields (its
// format and outline), which win over fields of the same name. Every object in a
// top-level list (register items, approvals, scenarios, CAPA actions) gets
// its own file, line and pointer, so rules can point at the exact item.
//
// Value builds it straight into an OPA value, without the Go map per
// object that JSON needs: there are tens of thousands in a large
// repository, and copying them took a third of the input stage (0.33 s
// down to 0.22 s for 10,000 documents).
type item struct {
	data map[string]any
	pos  yamlpos.Positions
	file string
	line int
	// doc is the document whose outline the item adds, nil for a
	// register. The outline's tables are made as the item is converted
	// and dropped with its other temporaries: made for every document
	// before any was converted, they were a tenth of the heap at its peak.
	doc *model.Document
	// memo is the item's key in the memo of converted items, "" for none.
	memo string
	// only, when not nil, names the fields the item keeps besides its
	// annotation (Cut), sorted.
	only []string
}

// keeps reports whether the item has field key.
func (it item) keeps(key string) bool {
	if it.only == nil {
		return true
	}
	_, found := slices.BinarySearch(it.only, key)
	return found
}

type field struct {
	key   string
	value any
}

// annotation holds the keys item adds to every object it annotates.
var annotation = []string{"file", "line", "pointer"}

// outline holds the keys a document's item adds, in the order extra
// gives them.
var outline = []string{"format", "headings", "links", "linked_files"}

// extra is what the item adds besides the annotation: a document's format
// and outline.
func (it item) extra() []field {
	d := it.doc
	if d == nil {
		return nil
	}
	format := model.YAML
	if d.Body != nil {
		format = model.Markdown
	}
	if it.only == nil {
		return []field{
			{"format", format},
			{"headings", headings(d.Headings)}, {"links", links(d.Links)}, {"linked_files", linkedFiles(d.Links)},
		}
	}
	var out []field
	if it.keeps("format") {
		out = append(out, field{"format", format})
	}
	if it.keeps("headings") {
		out = append(out, field{"headings", headings(d.Headings)})
	}
	if it.keeps("links") {
		out = append(out, field{"links", links(d.Links)})
	}
	if it.keeps("linked_files") {
		out = append(out, field{"linked_files", linkedFiles(d.Links)})
	}
	return out
}

func (it item) MarshalJSON() ([]byte, error) {
	return json.Marshal(it.plain())
}

// plain is the item as a map, the form JSON and the documentation show.
func (it item) plain() map[string]any {
	extra := it.extra()
	out := make(map[string]any, len(it.data)+len(annotation)+len(extra))
	for k, v := range it.data {
		if !it.keeps(k) {
			continue
		}
		list, ok := v.([]any)
		if !ok {
			out[k] = v
			continue
		}
		items := make([]any, len(list))
		for i, e := range list {
			obj, ok := e.(map[string]any)
			if !ok {
				items[i] = e
				continue
			}
			c := make(map[string]any, len(obj)+len(annotation))
			for ok, ov := range obj {
				c[ok] = ov
			}
			ptr, line := it.at(k, i)
			c["file"], c["line"], c["pointer"] = it.file, int64(line), ptr
			items[i] = c
		}
		out[k] = items
	}
	out["file"], out["line"], out["pointer"] = it.file, int64(it.line), ""
	for _, f := range extra {
		out[f.key] = f.value
	}
	return out
}

// at is the pointer and line of element i of the top-level list key.
func (it item) at(key string, i int) (string, int) {
	ptr := yamlpos.Pointer(key, strconv.Itoa(i))
	p, _ := it.pos.Lookup(ptr)
	return ptr, p.Line
}

func (it item) value(c *converter) (ast.Value, error) {
	// The file's term is shared by every annotated object of the item:
	// OPA never modifies a term in place.
	file := ast.StringTerm(it.file)
	extra := it.extra()
	pairs := make([][2]*ast.Term, 0, len(it.data)+len(annotation)+len(extra))
	for k, v := range it.data {
		if it.overrides(k) || !it.keeps(k) {
			continue
		}
		val, err := it.fieldValue(c, k, v, file)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, [2]*ast.Term{c.key(k), val})
	}
	pairs = append(pairs,
		[2]*ast.Term{ast.InternedTerm("file"), file},
		[2]*ast.Term{ast.InternedTerm("line"), ast.InternedTerm(it.line)},
		[2]*ast.Term{ast.InternedTerm("pointer"), ast.InternedTerm("")})
	for _, f := range extra {
		val, err := c.term(f.value)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, [2]*ast.Term{c.key(f.key), val})
	}
	return ast.NewObject(pairs...), nil
}

// overrides reports whether key is one the item sets itself.
func (it item) overrides(key string) bool {
	return slices.Contains(annotation, key) || it.doc != nil && slices.Contains(outline, key)
}

// fieldValue converts a top-level field, annotating the objects of a list.
func (it item) fieldValue(c *converter, key string, v any, file *ast.Term) (*ast.Term, error) {
	list, ok := v.([]any)
	if !ok {
		return c.term(v)
	}
	terms := make([]*ast.Term, len(list))
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			t, err := c.term(e)
			if err != nil {
				return nil, err
			}
			terms[i] = t
			continue
		}
		pairs := make([][2]*ast.Term, 0, len(m)+len(annotation))
		for k, ev := range m {
			if slices.Contains(annotation, k) {
				continue
			}
			t, err := c.term(ev)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, [2]*ast.Term{c.key(k), t})
		}
		ptr, line := it.at(key, i)
		pairs = append(pairs,
			[2]*ast.Term{ast.InternedTerm("file"), file},
			[2]*ast.Term{ast.InternedTerm("line"), ast.InternedTerm(line)},
			[2]*ast.Term{ast.InternedTerm("pointer"), c.str(ptr)})
		terms[i] = ast.NewTerm(ast.NewObject(pairs...))
	}
	return ast.ArrayTerm(terms...), nil
}

// fileEntry is a file of input.files: converted straight from the model,
// like item, without a map per file first.
type fileEntry struct {
	f *model.File
	// memo is the entry's key in the memo, as an item's: what it says
	// follows from the file's content and the configuration.
	memo string
}

func (e fileEntry) MarshalJSON() ([]byte, error) {
	return json.Marshal(e.plain())
}

// plain is the entry as a map, the form JSON and the documentation show.
func (e fileEntry) plain() map[string]any {
	f := e.f
	m := map[string]any{
		"file": f.Path, "format": f.Format, "controlled": f.Controlled, "kind": f.Kind, "failed": f.Failed,
		"claims": claims(f.Claims),
	}
	if f.ID != "" {
		m["id"] = f.ID
	}
	if len(f.Clauses) > 0 {
		cs := make([]any, len(f.Clauses))
		for i, c := range f.Clauses {
			cs[i] = c
		}
		m["clauses"] = cs
	}
	return m
}

func (e fileEntry) value(c *converter) ast.Value {
	f := e.f
	pairs := make([][2]*ast.Term, 0, 8)
	pairs = append(pairs,
		[2]*ast.Term{c.key("file"), c.str(f.Path)},
		[2]*ast.Term{c.key("format"), c.str(f.Format)},
		[2]*ast.Term{c.key("controlled"), ast.InternedTerm(f.Controlled)},
		[2]*ast.Term{c.key("kind"), c.str(f.Kind)},
		[2]*ast.Term{c.key("failed"), ast.InternedTerm(f.Failed)},
		[2]*ast.Term{c.key("claims"), ast.NewTerm(claims(f.Claims).value(c))})
	if f.ID != "" {
		pairs = append(pairs, [2]*ast.Term{c.key("id"), c.str(f.ID)})
	}
	if len(f.Clauses) > 0 {
		cs := make([]*ast.Term, len(f.Clauses))
		for i, cl := range f.Clauses {
			cs[i] = c.str(cl)
		}
		pairs = append(pairs, [2]*ast.Term{c.key("clauses"), ast.ArrayTerm(cs...)})
	}
	return ast.NewObject(pairs...)
}

func headings(hs []model.Heading) table {
	t := table{keys: []string{"level", "text", "line"}, rows: make([][]any, len(hs))}
	for i, h := range hs {
		t.rows[i] = []any{int64(h.Level), h.Text, int64(h.Line)}
	}
	return t
}

func links(ls []model.Link) table {
	t := table{keys: []string{"target", "line", "local", "path", "exists"}, rows: make([][]any, len(ls))}
	for i, l := range ls {
		t.rows[i] = []any{l.Target, int64(l.Line), l.Local, l.Path, l.Exists}
	}
	return t
}

// linkedFiles lists each repository file a document links to once, at its
// first link. Rules about link targets iterate these rather than every
// link: documents link to the same few files again and again, and Rego
// pays for each element it visits.
func linkedFiles(ls []model.Link) table {
	t := table{keys: []string{"path", "line", "exists", "target"}, rows: [][]any{}}
	seen := map[string]bool{}
	for _, l := range ls {
		if !l.Local || seen[l.Path] {
			continue
		}
		seen[l.Path] = true
		t.rows = append(t.rows, []any{l.Path, int64(l.Line), l.Exists, l.Target})
	}
	return t
}

func claims(cs []model.Claim) table {
	t := table{keys: []string{"standard", "edition", "adoption", "clause", "line", "source", "text", "not_applicable", "form"}, rows: make([][]any, len(cs))}
	for i, c := range cs {
		t.rows[i] = []any{c.Standard, c.Edition, c.Adoption, c.Clause, int64(c.Line), c.Source, c.Text, c.NotApplicable, c.Form}
	}
	return t
}

// table is a list of objects that all have the same keys, such as a
// document's links: built straight into an OPA value by Value, without a
// map per object (a document has dozens), and marshalled to JSON as the
// list of objects it stands for.
type table struct {
	keys []string
	rows [][]any // string, int64 or bool, one per key
}

func (t table) MarshalJSON() ([]byte, error) {
	list := make([]map[string]any, len(t.rows))
	for i, row := range t.rows {
		list[i] = make(map[string]any, len(t.keys))
		for k, key := range t.keys {
			list[i][key] = row[k]
		}
	}
	return json.Marshal(list)
}

func (t table) value(c *converter) ast.Value {
	keys := make([]*ast.Term, len(t.keys))
	for k, key := range t.keys {
		keys[k] = c.key(key)
	}
	terms := make([]*ast.Term, len(t.rows))
	for i, row := range t.rows {
		id := c.rowID(t.keys, row)
		if term, ok := c.rows[id]; ok {
			terms[i] = term
			continue
		}
		pairs := make([][2]*ast.Term, len(row))
		for k, v := range row {
			var term *ast.Term
			switch v := v.(type) {
			case string:
				term = c.str(v)
			case int64:
				term = ast.InternedTerm(int(v))
			case bool:
				term = ast.InternedTerm(v)
			}
			pairs[k] = [2]*ast.Term{keys[k], term}
		}
		terms[i] = ast.NewTerm(ast.NewObject(pairs...))
		c.rows[id] = terms[i]
	}
	return ast.NewArray(terms...)
}

// maxSharedObject is the most keys an object of scalars may have to be
// shared (a document's review: {interval_months: 24, last: 2026-04-11}).
const maxSharedObject = 4

// mapID names a small object whose values are all strings, numbers,
// booleans or null by its keys and values, so that equal ones share one
// object; false for any other.
func (c *converter) mapID(m map[string]any) (string, bool) {
	if len(m) == 0 || len(m) > maxSharedObject {
		return "", false
	}
	var keys [maxSharedObject]string
	n := 0
	for k, v := range m {
		switch v.(type) {
		case string, int64, bool, nil:
		default:
			return "", false
		}
		keys[n] = k
		n++
	}
	slices.Sort(keys[:n])
	row := make([]any, n)
	for i, k := range keys[:n] {
		row[i] = m[k]
	}
	return c.rowID(keys[:n], row), true
}

// rowID names a row of a table by its keys and values: equal rows (the
// same heading at the same line of documents made from one template, a
// link to the same file) share one object.
func (c *converter) rowID(keys []string, row []any) string {
	b := c.buf[:0]
	for k, v := range row {
		b = strconv.AppendInt(b, int64(len(keys[k])), 10)
		b = append(b, ':')
		b = append(b, keys[k]...)
		switch v := v.(type) {
		case string:
			b = append(b, 's')
			b = strconv.AppendInt(b, int64(len(v)), 10)
			b = append(b, ':')
			b = append(b, v...)
		case int64:
			b = append(b, 'i')
			b = strconv.AppendInt(b, v, 10)
		case bool:
			b = append(b, 'b')
			b = strconv.AppendBool(b, v)
		case nil:
			b = append(b, 'n')
		}
		b = append(b, 0)
	}
	c.buf = b
	return string(b)
}

// ToValue converts a Go value for OPA as the input is converted: the one
// Go→OPA conversion of qmslint, so that every query sees numbers, maps and
// lists alike.
func ToValue(x any) (ast.Value, error) { return newConverter().value(x) }

// converter converts parts of the input, sharing one term among equal
// keys and short strings. A large repository repeats them tens of
// thousands of times (field names, kinds, statuses, people, dates, clause
// and document ids, JSON pointers, heading titles); one term each instead
// of one per occurrence took a fifth off the converted input of the
// 10,000-document benchmark. Equal rows of tables share one object too. OPA never modifies a term in place, so
// sharing is safe. A converter is used by one goroutine at a time.
type converter struct {
	strs map[string]*ast.Term
	rows map[string]*ast.Term // by rowID
	objs map[string]ast.Value // small objects of scalars, by mapID
	buf  []byte
}

func newConverter() *converter {
	return &converter{strs: map[string]*ast.Term{}, rows: map[string]*ast.Term{}, objs: map[string]ast.Value{}}
}

// maxShared is the longest string value shared: longer ones (titles,
// messages, paths) are seldom written twice, and remembering them would
// cost more than it saves.
const maxShared = 40

// key is the term of an object key: keys are few, each is shared.
func (c *converter) key(s string) *ast.Term {
	if t, ok := c.strs[s]; ok {
		return t
	}
	t := ast.InternedTerm(s)
	c.strs[s] = t
	return t
}

// str is the term of a string value.
func (c *converter) str(s string) *ast.Term {
	if len(s) > maxShared {
		return ast.StringTerm(s)
	}
	return c.key(s)
}

// term converts a part of the input: tables directly, values already
// converted as they are, the rest as ast.InterfaceToValue does.
func (c *converter) term(x any) (*ast.Term, error) {
	switch x := x.(type) {
	case string:
		return c.str(x), nil
	case bool:
		return ast.InternedTerm(x), nil
	}
	v, err := c.value(x)
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(v), nil
}

func (c *converter) value(x any) (ast.Value, error) {
	switch x := x.(type) {
	case ast.Value:
		return x, nil
	case table:
		return x.value(c), nil
	case item:
		return x.value(c)
	case fileEntry:
		return x.value(c), nil
	case map[string]any:
		id, shared := c.mapID(x)
		if shared {
			if v, ok := c.objs[id]; ok {
				return v, nil
			}
		}
		pairs := make([][2]*ast.Term, 0, len(x))
		for k, v := range x {
			t, err := c.term(v)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, [2]*ast.Term{c.key(k), t})
		}
		obj := ast.NewObject(pairs...)
		if shared {
			c.objs[id] = obj
		}
		return obj, nil
	case []any:
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			t, err := c.term(e)
			if err != nil {
				return nil, err
			}
			terms[i] = t
		}
		return ast.NewArray(terms...), nil
	}
	return ast.InterfaceToValue(x)
}

// Cut converts input[key] as Part does, each document or register cut to
// the fields named (and its file, line and pointer): review's change
// rules read a few fields of each side's documents (engine.Fields), and
// converting every outline and register item for them was most of a
// hook's work after an edit. fields must be sorted. Cut items are
// remembered apart from whole ones, for the last set of fields cut to.
func Cut(in map[string]any, key string, fields []string) (ast.Value, error) {
	list, ok := in[key].([]any)
	if !ok {
		return Part(in, key)
	}
	return convertList(list, cutTo(fields))
}

// cutting is the fields items are cut to, and their names joined (the
// memo's signature of the cut).
type cutting struct {
	only []string
	sig  string
}

// cutTo is the cutting of fields; nil (whole items) for nil fields.
func cutTo(fields []string) *cutting {
	if fields == nil {
		return nil
	}
	only := slices.Clip(slices.Clone(fields))
	return &cutting{only: only, sig: strings.Join(only, "\x00")}
}
