package lint

import (
	"context"
	"crypto/sha256"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/policyinput"
)

// Repository-scoped rules are kept whole, by footprint (engine.Footprint):
// the rules that read the same parts of the input and the same givens
// form a group, named by the run's context, its rules, the digests of
// the values of those parts (input.registers, say; partDigest) and the
// givens' values.
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
// can be named, and names each group by the digests of what it reads.
func (r *Result) repoGroups(ctx context.Context, enabled func(engine.Rule) bool) ([]*repoGroup, error) {
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
	var out []*repoGroup
	for _, sg := range order {
		k := cache.NewKey("repo-scoped").String(string(r.docKey[:]))
		if !r.keyParts(k, sg.fp.Reads, nil) {
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

// phaseKey names a later phase's enabled rules by the run's context, the
// rules and the digests of what they read, with extra's keys added to the
// input; false when a rule's footprint cannot be named.
func (r *Result) phaseKey(ctx context.Context, phase string, enabled func(engine.Rule) bool, extra map[string]any) ([32]byte, bool, error) {
	if !r.docKeyed || r.cache == nil {
		return [32]byte{}, false, nil
	}
	k := cache.NewKey("phase-scoped").String(string(r.docKey[:])).String(phase)
	var reads, givens []string
	for _, rule := range r.Rules {
		if !enabled(rule) {
			continue
		}
		fp, ok := r.Engine.FootprintOf(rule.ID)
		if !ok {
			return [32]byte{}, false, nil
		}
		k.String(rule.ID)
		reads = append(reads, fp.Reads...)
		givens = append(givens, fp.Givens...)
	}
	slices.Sort(reads)
	slices.Sort(givens)
	givens = slices.Compact(givens)
	if !r.keyParts(k, slices.Compact(reads), extra) {
		return [32]byte{}, false, nil
	}
	if len(givens) > 0 {
		terms, defined, err := r.givenTerms(ctx, givens)
		if err != nil || !defined {
			return [32]byte{}, false, err
		}
		for i, t := range terms {
			k.String(givens[i]).String(valueDigest(t.Value))
		}
	}
	key, keyed := k.Sum()
	return key, keyed, nil
}

// partSum is a part of the input by digest; ok is false when it cannot be
// named.
type partSum struct {
	sum [32]byte
	ok  bool
}

// keyParts adds to k the digests of the parts of the input named by
// reads (input.documents, input.registers, the documents of one kind),
// with extra's keys added to the input (a later phase's input.findings);
// false when one cannot be named. The parts the run's context names
// (contextKeys) are left out.
func (r *Result) keyParts(k *cache.Key, reads []string, extra map[string]any) bool {
	for _, key := range reads {
		if slices.Contains(contextKeys, key) {
			continue
		}
		var d partSum
		if v, ok := extra[key]; ok {
			if dv, digested := v.(Digested); digested {
				d.sum, d.ok = dv.Sum, true
			} else {
				d.sum, d.ok = policyinput.Digest(v)
			}
		} else {
			d = r.partDigest(key)
		}
		if !d.ok {
			return false
		}
		k.String(key).String(string(d.sum[:]))
	}
	return true
}

// partDigest is the digest of the value of input[key] as built (Plain),
// computed once per run: of each document once, and from those of the
// documents or of the documents of one kind ("documents:capa"). An
// absent key is a value too (input.history outside Git).
func (r *Result) partDigest(key string) partSum {
	r.digestMu.Lock()
	defer r.digestMu.Unlock()
	if d, ok := r.digests[key]; ok {
		return d
	}
	in := r.Plain()
	var d partSum
	kind, ofKind := strings.CutPrefix(key, "documents:")
	switch {
	case in == nil:
	case key == "documents" || ofKind:
		if r.docSums == nil {
			docs, _ := in["documents"].([]any)
			r.docSums, r.docSumOK = r.listDigests("documents", docs)
		}
		if !r.docSumOK || len(r.docSums) != len(r.Repo.Documents) {
			break
		}
		if ofKind && r.docKinds == nil {
			// Each document's kind once, not once per kind asked for.
			r.docKinds = make([]string, len(r.Repo.Documents))
			for i, d := range r.Repo.Documents {
				r.docKinds[i] = model.Kind(d.Meta)
			}
		}
		h := sha256.New()
		for i, sum := range r.docSums {
			if !ofKind || r.docKinds[i] == kind {
				h.Write(sum[:])
			}
		}
		h.Sum(d.sum[:0])
		d.ok = true
	default:
		if list, isList := in[key].([]any); isList {
			// Element by element: input.registers on every core, each
			// named once.
			sums, ok := r.listDigests(key, list)
			h := sha256.New()
			for _, sum := range sums {
				h.Write(sum[:])
			}
			h.Sum(d.sum[:0])
			d.ok = ok
		} else if v, present := in[key]; present {
			d.sum, d.ok = policyinput.Digest(v)
		} else {
			d.sum, d.ok = sha256.Sum256([]byte("absent")), true
		}
	}
	if r.digests == nil {
		r.digests = map[string]partSum{}
	}
	r.digests[key] = d
	return d
}

// listDigests names the elements of input[key], a list, taking the
// digests of the items an earlier run named (policyinput.Kept) and
// keeping this run's for the next when it computed enough of them
// (keepEvery): a warm run names the few documents that changed since,
// not every document.
func (r *Result) listDigests(key string, list []any) ([][32]byte, bool) {
	var kept policyinput.Kept
	k, keyed := cache.NewKey("item-digests").String(r.inputOpts.Memo).String(key).Sum()
	keyed = keyed && r.cache != nil && r.inputOpts.Memo != ""
	if keyed {
		if b, ok := r.cache.Entry(k); ok {
			kept, _ = policyinput.DecodeKept(b)
		}
	}
	ds := policyinput.Digests(list, kept)
	if keyed && ds.Fresh > 0 && (len(kept) == 0 || ds.Fresh >= len(list)/keepEvery) {
		r.cache.PutEntry(k, ds.Kept.Encode())
	}
	return ds.Sums, ds.OK
}

// keepEvery: the items' digests are kept again once a run names more
// than a keepEvery-th of them afresh. Writing every digest of a large
// repository again for the one document a hook's edit changed cost more
// than naming the few items since on each run.
const keepEvery = 64

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
	if c := tab.cells[fileKey{}]; c != nil {
		g.cell = c
		return
	}
	g.cell = &docCell{done: make(chan struct{})}
	tab.cells[fileKey{}] = g.cell
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

// valueDigest names an OPA value by content (policyinput.Digest).
func valueDigest(v ast.Value) string {
	sum, _ := policyinput.Digest(v)
	return string(sum[:])
}
