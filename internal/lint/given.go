package lint

import (
	"context"
	"slices"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/engine"
)

// givenTerms returns the givens' values over the whole input, each
// computed once per run; false when one is undefined. A given whose
// footprint can be named (engine.GivenFootprint) is kept under the
// digests of what it reads: the next run takes it instead of converting
// the whole input to compute it, and the other side of a comparison,
// computing at the same time, waits for this side's rather than
// computing its own.
func (r *Result) givenTerms(ctx context.Context, refs []string) ([]*ast.Term, bool, error) {
	r.givenMu.Lock()
	defer r.givenMu.Unlock()
	if r.given == nil {
		r.given = map[string]*ast.Term{}
	}
	keys := map[string][32]byte{}
	var left, seen []string
	var mine, waits []givenWait
	for _, g := range refs {
		if _, ok := r.given[g]; ok || slices.Contains(seen, g) {
			continue
		}
		seen = append(seen, g)
		key, ok := r.givenKey(g)
		if !ok {
			left = append(left, g)
			continue
		}
		keys[g] = key
		if b, hit := r.cache.Entry(key); hit {
			if v, err := cache.DecodeTerm(b); err == nil {
				r.given[g] = ast.NewTerm(v)
				continue
			}
		}
		if c, claimed := claimGiven(r.cache, key); claimed {
			mine = append(mine, givenWait{g, c})
		} else if c != nil {
			waits = append(waits, givenWait{g, c})
			continue
		}
		left = append(left, g)
	}
	// An error must not leave the other side waiting.
	defer func() {
		for _, w := range mine {
			w.cell.fill(nil)
		}
	}()
	if err := r.computeGivens(ctx, left, keys); err != nil {
		return nil, false, err
	}
	for _, w := range mine {
		w.cell.fill(r.given[w.ref])
	}
	// The other side's, or, when it could not compute one, this side's.
	var again []string
	for _, w := range waits {
		select {
		case <-w.cell.done:
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
		if w.cell.term != nil {
			r.given[w.ref] = w.cell.term
		} else {
			again = append(again, w.ref)
		}
	}
	if err := r.computeGivens(ctx, again, keys); err != nil {
		return nil, false, err
	}
	out := make([]*ast.Term, len(refs))
	for i, g := range refs {
		if out[i] = r.given[g]; out[i] == nil {
			return nil, false, nil
		}
	}
	return out, true, nil
}

// computeGivens evaluates refs over the whole input, in one query, and
// keeps those that have a key.
func (r *Result) computeGivens(ctx context.Context, refs []string, keys map[string][32]byte) error {
	if len(refs) == 0 {
		return nil
	}
	value, err := r.Value()
	if err != nil {
		return err
	}
	terms, ok, err := r.Engine.GivenValues(ctx, refs, value, r.day, r.timeout)
	if err != nil {
		return &Error{err}
	}
	for i, g := range refs {
		if !ok || terms[i] == nil {
			r.given[g] = nil
			continue
		}
		r.given[g] = terms[i]
		if key, keyed := keys[g]; keyed {
			if b, ok := cache.EncodeTerm(terms[i].Value); ok {
				r.cache.PutEntry(key, b)
			}
		}
	}
	return nil
}

// givenKey names given ref's value by the digests of what it reads; false
// when that cannot be named.
func (r *Result) givenKey(ref string) ([32]byte, bool) {
	fp, ok := r.Engine.GivenFootprint(ref)
	if !ok || !r.docKeyed || r.cache == nil {
		return [32]byte{}, false
	}
	k := cache.NewKey("given").String(string(r.docKey[:])).String(ref)
	if !r.keyParts(k, fp.Reads, nil) {
		return [32]byte{}, false
	}
	return k.Sum()
}

// givensOfRun is every given the enabled first-phase rules read, the
// document-scoped rules' and the footprints', sorted: computed in one
// query rather than one per group of rules.
func (r *Result) givensOfRun(enabled func(engine.Rule) bool) []string {
	var out []string
	for _, rule := range r.Rules {
		if !enabled(rule) {
			continue
		}
		if rule.Scope == engine.ScopeDocument {
			out = append(out, r.Engine.Givens(rule.ID)...)
		} else if fp, ok := r.Engine.FootprintOf(rule.ID); ok {
			out = append(out, fp.Givens...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// givenCell is a given one side of a comparison computes and the other
// waits for; term is nil when it could not be computed.
type givenCell struct {
	once sync.Once
	done chan struct{}
	term *ast.Term
}

func (c *givenCell) fill(t *ast.Term) {
	c.once.Do(func() {
		c.term = t
		close(c.done)
	})
}

type givenWait struct {
	ref  string
	cell *givenCell
}

var givenCells struct {
	sync.Mutex
	m map[[32]byte]*givenCell
}

// maxGivenCells bounds what a long-running process (the language server)
// keeps.
const maxGivenCells = 1024

// claimGiven returns the cell of the given under key when the store is
// shared between the sides of a comparison: claimed when this side is to
// compute it, otherwise the other side's to wait for. nil when the store
// is not shared.
func claimGiven(store *cache.Store, key [32]byte) (*givenCell, bool) {
	if !store.Shares() {
		return nil, false
	}
	givenCells.Lock()
	defer givenCells.Unlock()
	if c := givenCells.m[key]; c != nil {
		return c, false
	}
	if givenCells.m == nil || len(givenCells.m) >= maxGivenCells {
		givenCells.m = map[[32]byte]*givenCell{}
	}
	c := &givenCell{done: make(chan struct{})}
	givenCells.m[key] = c
	return c, true
}
