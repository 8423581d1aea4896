package lint

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/model"
)

// Repository-scoped rules are kept whole, by footprint (engine.Footprint):
// the rules that read the same parts of the input and the same givens
// form a group, named by the run's context, its rules, the digests of
// those parts (the files holding registers, say) and the givens' values.
// A group an earlier run judged under the same name gives its results
// without being evaluated; one the comparison's other side is judging is
// waited for. A change to a procedure's text leaves the infrastructure
// inventory's rules as they were.

// RepoTaken counts, run by run, the repository-scoped rules whose
// results a run took from an earlier run or the other side instead of
// evaluating them, for tests.
var RepoTaken = &perRun{}

// repoGroup is the repository-scoped rules of one footprint.
type repoGroup struct {
	rules []string // ids
	key   [32]byte
	cell  *docCell
	// claimed: this run judges the group (nothing known, nobody else
	// judging); hits: an earlier run's results.
	claimed bool
	hits    []cache.DocResult
	known   bool
	filled  bool
	retried bool // the other side failed, and this run judged it after all
}

func (g *repoGroup) has(rule engine.Rule) bool { return slices.Contains(g.rules, rule.ID) }

// contextKeys are the parts of the input a run's context already names
// (the date, configuration, standards, the input's version).
var contextKeys = []string{"date", "config", "standards", "version"}

// repoGroups groups the enabled repository-scoped rules whose footprint
// can be named, and names each group.
func (r *Result) repoGroups(ctx context.Context, enabled func(engine.Rule) bool, units []fileUnit) ([]*repoGroup, error) {
	byPath := make(map[string]string, len(units))
	for _, u := range units {
		byPath[u.Path] = u.Digest
	}
	part := func(key string) (string, bool) {
		var files []string
		if kind, ok := strings.CutPrefix(key, "documents:"); ok {
			for _, d := range r.Repo.Documents {
				if model.Kind(d.Meta) == kind {
					files = append(files, d.File)
				}
			}
			key = "of kind"
		}
		switch key {
		case "of kind":
		case "documents":
			for _, d := range r.Repo.Documents {
				files = append(files, d.File)
			}
		case "registers":
			for _, reg := range r.Repo.Registers {
				files = append(files, reg.File)
			}
		case "files", "problems", "index", "history":
			for _, u := range units {
				files = append(files, u.Path)
			}
		default:
			return "", false
		}
		h := sha256.New()
		for _, f := range files {
			h.Write([]byte(f + "\x00" + byPath[f] + "\x00"))
		}
		return string(h.Sum(nil)), true
	}
	type sigGroup struct {
		fp engine.Footprint
		g  *repoGroup
	}
	bySig := map[string]*sigGroup{}
	var order []*sigGroup
	for _, rule := range r.Rules {
		if !enabled(rule) || rule.Scope == engine.ScopeDocument || rule.Phase != "" {
			continue
		}
		fp, ok := r.Engine.FootprintOf(rule.ID)
		if !ok {
			continue
		}
		sig := strings.Join(fp.Reads, ",") + "|" + strings.Join(fp.Givens, ",")
		sg := bySig[sig]
		if sg == nil {
			sg = &sigGroup{fp: fp, g: &repoGroup{}}
			bySig[sig] = sg
			order = append(order, sg)
		}
		sg.g.rules = append(sg.g.rules, rule.ID)
	}
	digests := map[string]string{}
	var out []*repoGroup
	for _, sg := range order {
		k := cache.NewKey("repo-scoped").String(string(r.docKey[:]))
		ok := true
		for _, key := range sg.fp.Reads {
			if slices.Contains(contextKeys, key) {
				continue
			}
			d, seen := digests[key]
			if !seen {
				if d, ok = part(key); !ok {
					break
				}
				digests[key] = d
			}
			k.String(key).String(d)
		}
		if !ok {
			continue
		}
		if len(sg.fp.Givens) > 0 {
			terms, defined, err := r.givenTerms(ctx, sg.fp.Givens)
			if err != nil {
				return nil, err
			}
			if !defined {
				continue
			}
			for i, t := range terms {
				k.String(sg.fp.Givens[i]).String(valueDigest(t.Value))
			}
		}
		for _, id := range sg.g.rules {
			k.String(id)
		}
		key, keyed := k.Sum()
		if !keyed {
			continue
		}
		sg.g.key = key
		out = append(out, sg.g)
	}
	return out, nil
}

// plan takes the group's results from an earlier run, or the other
// side's cell, or claims it.
func (g *repoGroup) plan(r *Result) {
	if files, ok := r.cache.DocResults(g.key); ok && len(files) == 1 {
		g.hits, g.known = files[0].Results, true
		return
	}
	if !r.cache.Shares() {
		g.cell, g.claimed = &docCell{done: make(chan struct{})}, true
		return
	}
	tab := tableOf(r.cache, g.key)
	tab.mu.Lock()
	defer tab.mu.Unlock()
	if c := tab.cells[""]; c != nil {
		g.cell = c
		return
	}
	g.cell = &docCell{done: make(chan struct{})}
	tab.cells[""] = g.cell
	g.claimed = true
}

// fill gives the group's cell this run's results and keeps them.
func (g *repoGroup) fill(rs []engine.Result, ok bool) {
	if !g.claimed || g.filled {
		return
	}
	g.filled = true
	if ok {
		g.cell.results = toDocResults(rs)
	}
	g.cell.ok = ok
	close(g.cell.done)
}

// take returns the group's results when this run did not judge it: an
// earlier run's, the other side's, or, when the other side failed, its
// own evaluation.
func (g *repoGroup) take(ctx context.Context, r *Result) ([]engine.Result, error) {
	switch {
	case g.known:
		return r.fromCache(g.hits), nil
	case g.claimed:
		if g.cell.ok {
			r.cache.PutDocResults(g.key, []cache.DocFile{{Results: g.cell.results}})
		}
		return nil, nil // in the run's own results already
	}
	select {
	case <-g.cell.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if g.cell.ok {
		return r.fromCache(g.cell.results), nil
	}
	g.retried = true
	return r.evalRules(ctx, g.has, nil)
}

func toDocResults(rs []engine.Result) []cache.DocResult {
	out := make([]cache.DocResult, len(rs))
	for i, x := range rs {
		out[i] = cache.DocResult{Rule: x.Rule.ID, Msg: x.Msg, Subject: x.Subject, File: x.File, Line: x.Line, HasLine: x.HasLine, Column: x.Column, Pointer: x.Pointer, Severity: x.Severity}
	}
	return out
}

// valueDigest names an OPA value by content: objects and sets in sorted
// order, each part behind its kind and length, so no two values share a
// digest. (A value's String() is the same in principle, and for a map of
// 10,000 ids costs a fifth of a second.)
func valueDigest(v ast.Value) string {
	var b []byte
	var walk func(v ast.Value)
	str := func(kind byte, s string) {
		b = append(b, kind)
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	walk = func(v ast.Value) {
		switch x := v.(type) {
		case ast.Null:
			b = append(b, 'z')
		case ast.Boolean:
			if x {
				b = append(b, 't')
			} else {
				b = append(b, 'f')
			}
		case ast.Number:
			str('n', string(x))
		case ast.String:
			str('s', string(x))
		case *ast.Array:
			b = append(b, 'a')
			b = binary.AppendUvarint(b, uint64(x.Len()))
			for i := range x.Len() {
				walk(x.Elem(i).Value)
			}
		case ast.Object:
			b = append(b, 'o')
			b = binary.AppendUvarint(b, uint64(x.Len()))
			x.Foreach(func(k, v *ast.Term) {
				walk(k.Value)
				walk(v.Value)
			})
		case ast.Set:
			b = append(b, 'e')
			b = binary.AppendUvarint(b, uint64(x.Len()))
			for _, t := range x.Slice() {
				walk(t.Value)
			}
		default:
			str('?', v.String())
		}
	}
	walk(v)
	sum := sha256.Sum256(b)
	return string(sum[:])
}
