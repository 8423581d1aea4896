package lint

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/coverage"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/parallel"
	"github.com/qmslint/qmslint/internal/policyinput"
)

// DocEvaluated counts the files the document-scoped rules were evaluated
// over in this process, for tests that hold a warm run after a one-file
// change to that one file.
var DocEvaluated = &perRun{}

// perRun records one count per run, for tests.
type perRun struct {
	mu sync.Mutex
	n  []int64
}

// firstPhase evaluates the first phase's rules and resolves their
// results. Document-scoped rules (custom.scope: document) are evaluated
// only over the files that no earlier run of the same context judged at
// their present digest: the comparison's other side, or the last run
// before a one-file change (docs/performance.md). The results of every
// file are merged before resolution, so the findings are those of one
// query over the whole input.
//
// The document-scoped rules are grouped by the givens they read, each
// group kept under its own key (the context, its rules and its givens'
// values): the two sides of a review differ in their history, and the
// rules that read no history still share their results.
func (r *Result) firstPhase(ctx context.Context) ([]finding.Finding, error) {
	enabled := r.phaseEnabled("")
	docScoped := func(rule engine.Rule) bool { return enabled(rule) && rule.Scope == engine.ScopeDocument }
	units, ok := fileUnits(r.Repo, r.histSums)
	if !r.docKeyed || !ok || r.cache == nil {
		return r.Phase(ctx, "", nil)
	}
	// Every given of the run in one query (each group names its own).
	if _, _, err := r.givenTerms(ctx, r.givensOfRun(enabled)); err != nil {
		return nil, err
	}
	groups, ok, err := r.docGroups(ctx, docScoped)
	if err != nil {
		return nil, err
	}
	if !ok || len(groups) == 0 {
		return r.Phase(ctx, "", nil)
	}
	// An error (a panic while planning included) must not leave the
	// other side waiting for the files a group claimed.
	for _, g := range groups {
		defer g.fill(nil, false)
	}
	// Each group's entry holds every file: read, decoded and sorted into
	// hits and files to judge on every core.
	parallel.Heavy(len(groups), func(_, i int) { groups[i].plan(r, units) })
	// The repository-scoped rules whose parts of the input and givens an
	// earlier run or the other side judged (footprint.go).
	repos, err := r.repoGroups(ctx, enabled)
	if err != nil {
		return nil, err
	}
	skip := map[string]bool{}
	for _, g := range repos {
		g.plan(r)
		defer g.fill(nil, false)
		if !g.claimed {
			for _, id := range g.rules {
				skip[id] = true
			}
		}
	}
	// The rules no earlier run or other side judged (the
	// repository-scoped ones not taken, and the document-scoped groups of
	// which nothing is known) in one query over the whole input, as
	// without the scope; each cold group's results per file are kept
	// from it.
	cold := map[string]bool{}
	for _, g := range groups {
		if len(g.mine) == len(units) {
			for _, id := range g.rules {
				cold[id] = true
			}
		}
	}
	results, err := r.evalRules(ctx, func(rule engine.Rule) bool {
		return enabled(rule) && !skip[rule.ID] && (rule.Scope != engine.ScopeDocument || cold[rule.ID])
	}, nil)
	if err != nil {
		return nil, err
	}
	for _, g := range repos {
		if g.claimed {
			g.fill(filterResults(results, g.has), true)
		}
	}
	evaluated := 0
	if len(cold) > 0 {
		// Told to files once for every cold group: telling a result to
		// its file indexes the whole repository.
		all := make(map[string]bool, len(units))
		for _, u := range units {
			all[u.Path] = true
		}
		judged, ok := attribute(filterResults(results, func(rule engine.Rule) bool { return cold[rule.ID] }), r.Repo, r.index(), units, all)
		for _, g := range groups {
			if len(g.mine) == len(units) {
				g.fill(g.own(judged), ok)
			}
		}
		evaluated = len(units)
	}
	taken := 0
	for _, g := range repos {
		rs, err := g.take(ctx, r)
		if err != nil {
			return nil, err
		}
		results = append(results, rs...)
		if !g.claimed && !g.retried {
			taken += len(g.rules)
		}
	}
	RepoTaken.add(taken)
	if err := r.judgeTogether(ctx, groups, len(units)); err != nil {
		return nil, err
	}
	for _, g := range groups {
		if len(g.mine) == len(units) {
			continue
		}
		rs, n, err := g.judge(ctx, r, units)
		if err != nil {
			return nil, err
		}
		results = append(results, rs...)
		evaluated = max(evaluated, n)
	}
	DocEvaluated.add(evaluated)
	// Each group's results of every file, on every core: a group of a
	// large repository is thousands of files to merge and encode.
	parallel.Heavy(len(groups), func(_, i int) {
		g := groups[i]
		if len(g.mine) > 0 {
			judged := g.judged
			if g.tab != nil {
				g.tab.keeping.Lock()
				defer g.tab.keeping.Unlock()
				judged = g.tab.judged()
			}
			if len(judged) > 0 {
				g.keep(r, judged, units)
			}
		}
	})
	return findingsAt(r.index(), r.Repo, r.Config, r.standards, results), nil
}

// docGroup is the document-scoped rules that read the same givens, and
// what this run knows of their results.
type docGroup struct {
	rules []string // ids
	key   [32]byte
	tab   *docTable
	// earlier is what earlier runs kept of each file: the group's
	// entry, then its overlay (keep).
	earlier []cache.DocFile
	overlay int
	read    bool
	// What an earlier run kept (hits), what neither an earlier run nor
	// the comparison's other side judged and is this run's to judge
	// (mine, by path), and what the other side is judging now (waits).
	hits   []engine.Result
	mine   map[string]*docCell
	waits  []waitCell
	filled bool
	// judged are this run's files' results when the store is not
	// shared (no table).
	judged []cache.DocFile
	// pre are the group's results over its fresh files, when evaluated
	// with other groups' (judgeTogether).
	pre     []engine.Result
	preDone bool
}

func (g *docGroup) has(rule engine.Rule) bool { return slices.Contains(g.rules, rule.ID) }

// docGroups groups the enabled document-scoped rules by their givens and
// names each group; false when a group cannot be named (a given is
// undefined, or the context unknown).
func (r *Result) docGroups(ctx context.Context, docScoped func(engine.Rule) bool) ([]*docGroup, bool, error) {
	byGivens := map[string]*docGroup{}
	var order []string
	for _, rule := range r.Rules {
		if !docScoped(rule) {
			continue
		}
		gs := strings.Join(r.Engine.Givens(rule.ID), "\x00")
		g := byGivens[gs]
		if g == nil {
			g = &docGroup{}
			byGivens[gs] = g
			order = append(order, gs)
		}
		g.rules = append(g.rules, rule.ID)
	}
	var out []*docGroup
	for _, gs := range order {
		g := byGivens[gs]
		k := cache.NewKey("doc-scoped").String(string(r.docKey[:]))
		for _, id := range g.rules {
			k.String(id)
		}
		// The givens' values are part of what each file's results
		// depend on.
		if gs != "" {
			givens := strings.Split(gs, "\x00")
			terms, ok, err := r.givenTerms(ctx, givens)
			if err != nil || !ok {
				return nil, false, err
			}
			for i, t := range terms {
				k.String(givens[i]).String(valueDigest(t.Value))
			}
		}
		key, keyed := k.Sum()
		if !keyed {
			return nil, false, nil
		}
		g.key = key
		out = append(out, g)
	}
	return out, true, nil
}

// readEarlier reads what earlier runs kept of the group's files.
func (g *docGroup) readEarlier(r *Result) {
	g.earlier, _ = r.cache.DocResults(g.key)
	if over, ok := r.cache.DocResults(overlayKey(g.key)); ok {
		g.earlier, g.overlay = append(g.earlier, over...), len(over)
	}
	g.read = true
}

// plan sorts the files into hits, mine and waits.
func (g *docGroup) plan(r *Result, units []fileUnit) {
	if !g.read {
		g.readEarlier(r)
	}
	known := make(map[fileKey][]cache.DocResult, len(g.earlier))
	n := 0
	for _, f := range g.earlier {
		known[fileKey{f.Path, f.Digest}] = f.Results
		n += len(f.Results)
	}
	// As many as every kept file's, the most a run takes.
	g.hits = slices.Grow(g.hits, n)
	g.mine = map[string]*docCell{}
	if !r.cache.Shares() {
		// No other side in this process to share with: no cells.
		for _, u := range units {
			if rs, ok := known[fileKey{u.Path, u.Digest}]; ok {
				g.hits = r.appendCached(g.hits, rs)
			} else {
				g.mine[u.Path] = nil
			}
		}
		return
	}
	g.tab = tableOf(r.cache, g.key)
	g.tab.mu.Lock()
	defer g.tab.mu.Unlock()
	if len(g.tab.cells) > maxCells {
		// A long-running process (the language server) judges every
		// edit anew; the files waited for are held by their cells.
		clear(g.tab.cells)
	}
	for _, u := range units {
		uk := fileKey{u.Path, u.Digest}
		if rs, ok := known[uk]; ok {
			g.hits = r.appendCached(g.hits, rs)
			continue
		}
		if c := g.tab.cells[uk]; c != nil {
			g.waits = append(g.waits, waitCell{u, c})
			continue
		}
		c := &docCell{done: make(chan struct{})}
		g.tab.cells[uk] = c
		g.mine[u.Path] = c
	}
}

// fill gives the files this run judged their results, once.
func (g *docGroup) fill(judged []cache.DocFile, ok bool) {
	if g.filled {
		return
	}
	g.filled = true
	if g.tab == nil {
		if ok {
			g.judged = judged
		}
		return
	}
	byPath := map[string][]cache.DocResult{}
	for _, f := range judged {
		byPath[f.Path] = f.Results
	}
	for path, c := range g.mine {
		c.results, c.ok = byPath[path], ok
		close(c.done)
	}
}

// own is the group's part of files' results.
func (g *docGroup) own(files []cache.DocFile) []cache.DocFile {
	out := make([]cache.DocFile, len(files))
	for i, f := range files {
		out[i] = cache.DocFile{Path: f.Path, Digest: f.Digest}
		for _, x := range f.Results {
			if slices.Contains(g.rules, x.Rule) {
				out[i].Results = append(out[i].Results, x)
			}
		}
	}
	return out
}

func (g *docGroup) fresh() map[string]bool {
	fresh := make(map[string]bool, len(g.mine))
	for path := range g.mine {
		fresh[path] = true
	}
	return fresh
}

// judge returns the group's results when something is known: the hits,
// the files this run judges over an input of those files, and the other
// side's files, from its results or, when it could not tell them apart
// by file, judged here after all. A rule that iterates a given rather
// than the files judges files it was not asked about: its results over
// some files are not theirs alone, and the group falls back to the whole
// input.
func (g *docGroup) judge(ctx context.Context, r *Result, units []fileUnit) ([]engine.Result, int, error) {
	rules := g.has
	docs := g.hits
	split := true
	fresh := g.fresh()
	if len(fresh) > 0 {
		part := subset(r.Repo, fresh)
		ds, err := g.pre, error(nil)
		if !g.preDone {
			ds, err = r.evalRules(ctx, rules, part)
		}
		if err != nil {
			return nil, 0, err
		}
		judged, ok := attribute(ds, part, newIndex(part), units, fresh)
		g.fill(judged, ok)
		split = ok
		docs = append(docs, ds...)
	}
	retry := map[string]bool{}
	for _, w := range g.waits {
		c := w.cell
		select {
		case <-c.done:
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
		if c.ok {
			docs = append(docs, r.fromCache(c.results)...)
		} else {
			retry[w.unit.Path] = true
		}
	}
	if split && len(retry) > 0 {
		part := subset(r.Repo, retry)
		ds, err := r.evalRules(ctx, rules, part)
		if err != nil {
			return nil, 0, err
		}
		_, split = attribute(ds, part, newIndex(part), units, retry)
		docs = append(docs, ds...)
	}
	evaluated := len(fresh) + len(retry)
	if !split {
		ds, err := r.evalRules(ctx, rules, nil)
		if err != nil {
			return nil, 0, err
		}
		docs, evaluated = ds, len(units)
	}
	return docs, evaluated, nil
}

// judgeTogether evaluates the groups that judge the same files (an edit's
// files, in every group) in one query: each query prepared for an input
// of a few files cost a hook more than its evaluation. Each group then
// tells its results apart by file itself (judge).
func (r *Result) judgeTogether(ctx context.Context, groups []*docGroup, units int) error {
	byFiles := map[string][]*docGroup{}
	var order []string
	for _, g := range groups {
		if len(g.mine) == 0 || len(g.mine) == units {
			continue
		}
		paths := slices.Sorted(maps.Keys(g.mine))
		k := strings.Join(paths, "\x00")
		if byFiles[k] == nil {
			order = append(order, k)
		}
		byFiles[k] = append(byFiles[k], g)
	}
	for _, k := range order {
		gs := byFiles[k]
		if len(gs) < 2 {
			continue
		}
		part := subset(r.Repo, gs[0].fresh())
		ds, err := r.evalRules(ctx, func(rule engine.Rule) bool {
			return slices.ContainsFunc(gs, func(g *docGroup) bool { return g.has(rule) })
		}, part)
		if err != nil {
			return err
		}
		for _, g := range gs {
			g.pre, g.preDone = filterResults(ds, g.has), true
		}
	}
	return nil
}

// docTable holds the files judged in this process under one context, for
// the other side of a comparison, which runs at the same time.
type docTable struct {
	mu    sync.Mutex
	cells map[fileKey]*docCell // by path and digest
	// keeping is held while a side reads the table's judged files and
	// keeps them: the side that keeps last then keeps every file the
	// sides judged, not what it saw before the other side was done.
	keeping sync.Mutex
}

type waitCell struct {
	unit fileUnit
	cell *docCell
}

// maxCells bounds a table: some twenty comparisons of 10,000 files.
const maxCells = 200_000

// docCell is one file's results; done is closed once they are known, ok
// when they could be told apart by file.
type docCell struct {
	done    chan struct{}
	results []cache.DocResult
	ok      bool
}

var (
	tablesMu sync.Mutex
	tables   = map[*cache.Store]map[[32]byte]*docTable{}
)

// maxTables bounds what a long-running process (the language server,
// which lints after every edit) keeps: the groups of rules of the
// contexts it has seen.
const maxTables = 128

func tableOf(store *cache.Store, key [32]byte) *docTable {
	tablesMu.Lock()
	defer tablesMu.Unlock()
	byKey := tables[store]
	if byKey == nil || len(byKey) >= maxTables {
		if len(tables) >= maxTables {
			clear(tables)
		}
		byKey = map[[32]byte]*docTable{}
		tables[store] = byKey
	}
	t := byKey[key]
	if t == nil {
		t = &docTable{cells: map[fileKey]*docCell{}}
		byKey[key] = t
	}
	return t
}

// judged lists the files judged in this process whose results are known.
func (t *docTable) judged() []cache.DocFile {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]cache.DocFile, 0, len(t.cells))
	for k, c := range t.cells {
		select {
		case <-c.done:
		default:
			continue
		}
		if c.ok {
			out = append(out, cache.DocFile{Path: k.path, Digest: k.digest, Results: c.results})
		}
	}
	return out
}

// evalRules evaluates the enabled rules over the run's input, or over an
// input of part of the repository when part is set.
func (r *Result) evalRules(ctx context.Context, enabled func(engine.Rule) bool, part *model.Repository) ([]engine.Result, error) {
	// Over the whole input, the coverage matrix when asked for comes
	// with the rules (Options.Coverage).
	var values []string
	if part == nil && r.withCoverage && !r.coverageDone {
		values = []string{coverage.Ref}
	}
	// Nothing to evaluate (every group known): no input to convert.
	if values == nil && !slices.ContainsFunc(r.Rules, enabled) {
		return nil, nil
	}
	q, err := r.Engine.PrepareWith(ctx, enabled, r.timeout, values)
	if err != nil {
		return nil, &Error{err}
	}
	var value ast.Value
	if part == nil {
		value, err = r.Value()
	} else {
		value, err = r.partValue(part)
		if err != nil {
			return nil, err
		}
		if givens := r.givensOf(enabled); len(givens) > 0 {
			terms, ok, err := r.givenTerms(ctx, givens)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, fmt.Errorf("internal error: the givens of the document-scoped rules are undefined")
			}
			if value, err = policyinput.With(value, map[string]any{engine.GivenKey: ast.NewArray(terms...)}); err != nil {
				return nil, err
			}
			if q, err = r.Engine.PrepareGiven(ctx, enabled, r.timeout, givens); err != nil {
				return nil, &Error{err}
			}
		}
	}
	if err != nil {
		return nil, err
	}
	rs, vals, err := q.EvalValues(ctx, value, r.day)
	if err != nil {
		return nil, &Error{err}
	}
	if values != nil {
		r.coverageRaw, r.coverageDone = vals[coverage.Ref], true
	}
	return rs, nil
}

// givensOf is the union of the givens of the enabled rules, sorted.
func (r *Result) givensOf(enabled func(engine.Rule) bool) []string {
	var out []string
	for _, rule := range r.Rules {
		if enabled(rule) && rule.Scope == engine.ScopeDocument {
			out = append(out, r.Engine.Givens(rule.ID)...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func filterResults(rs []engine.Result, keep func(engine.Rule) bool) []engine.Result {
	var out []engine.Result
	for _, x := range rs {
		if keep(x.Rule) {
			out = append(out, x)
		}
	}
	return out
}

// fromCache turns kept results back into the evaluator's, with their
// rules' metadata; a rule no longer known drops its results (the rule set
// is in the key, so this does not happen).
func (r *Result) fromCache(rs []cache.DocResult) []engine.Result {
	return r.appendCached(make([]engine.Result, 0, len(rs)), rs)
}

// appendCached is fromCache appending to out.
func (r *Result) appendCached(out []engine.Result, rs []cache.DocResult) []engine.Result {
	for _, x := range rs {
		rule, ok := r.Engine.Rule(x.Rule)
		if !ok {
			continue
		}
		out = append(out, engine.Result{Rule: rule, Msg: x.Msg, Subject: x.Subject, File: x.File, Line: x.Line, HasLine: x.HasLine, Column: x.Column, Pointer: x.Pointer, Severity: x.Severity})
	}
	return out
}

// fileUnit is one file of the repository and the digest of what a
// document-scoped rule sees of it: its content, its problems and which of
// its local links resolve (load decides that from other files).
type fileUnit struct{ Path, Digest string }

// fileKey names a file at a digest in a map (a file's kept results, its
// cell).
type fileKey struct{ path, digest string }

// fileUnits lists the repository's files; false when something in the
// input belongs to no file (a problem of the repository as a whole), so
// the run cannot be split by file. A file's digest includes the history
// of the ids it defines (input.history, by its digests: historyDigests).
func fileUnits(repo *model.Repository, hist historySums) ([]fileUnit, bool) {
	// Each field behind a tag and its length, so no two files' facts
	// write the same bytes.
	at := make(map[string]int, len(repo.Files))
	bufs := make([][]byte, len(repo.Files))
	for i, f := range repo.Files {
		if _, dup := at[f.Path]; dup {
			return nil, false
		}
		at[f.Path] = i
		b := unitField(nil, 'f', f.SHA256)
		b = unitField(b, 'F', f.Format)
		b = unitFlag(b, 'c', f.Controlled)
		b = unitFlag(b, 'x', f.Failed)
		b = unitField(b, 'k', f.Kind)
		bufs[i] = unitField(b, 'i', f.ID)
	}
	for _, p := range repo.Problems {
		i, ok := at[p.File]
		if !ok {
			return nil, false
		}
		b := unitField(bufs[i], 'p', p.Rule)
		b = unitField(b, 's', p.Subject)
		b = binary.AppendVarint(append(b, 'n'), int64(p.Line))
		bufs[i] = unitField(b, 'm', p.Msg)
	}
	history := func(i int, id string) bool {
		if !hist.ok {
			return false
		}
		if sum, ok := hist.sums[id]; ok {
			bufs[i] = append(append(bufs[i], 'h'), sum[:]...)
		}
		return true
	}
	for _, d := range repo.Documents {
		i, ok := at[d.File]
		if !ok || !history(i, model.ID(d.Meta)) {
			return nil, false
		}
		for _, l := range d.Links {
			if l.Local && l.Exists {
				bufs[i] = unitField(bufs[i], 'l', l.Path)
			}
		}
	}
	for _, reg := range repo.Registers {
		i, ok := at[reg.File]
		if !ok || !history(i, model.ID(reg.Data)) {
			return nil, false
		}
	}
	units := make([]fileUnit, len(repo.Files))
	for i, f := range repo.Files {
		sum := sha256.Sum256(bufs[i])
		units[i] = fileUnit{f.Path, hex.EncodeToString(sum[:])}
	}
	return units, true
}

func unitField(b []byte, tag byte, s string) []byte {
	b = binary.AppendUvarint(append(b, tag), uint64(len(s)))
	return append(b, s...)
}

func unitFlag(b []byte, tag byte, on bool) []byte {
	if on {
		return append(b, tag, 1)
	}
	return append(b, tag, 0)
}

// partValue is the input of part, converted once per set of files: the
// groups of document-scoped rules judge the same files.
func (r *Result) partValue(part *model.Repository) (ast.Value, error) {
	paths := make([]string, len(part.Files))
	for i, f := range part.Files {
		paths[i] = f.Path
	}
	key := strings.Join(paths, "\x00")
	r.givenMu.Lock()
	defer r.givenMu.Unlock()
	if v, ok := r.parts[key]; ok {
		return v, nil
	}
	opts := r.inputOpts
	// The history of the part's documents only: what each file's
	// digest holds of it (fileUnits).
	opts.History = partHistory(part, opts.History)
	v, err := policyinput.Value(policyinput.Build(part, opts))
	if err != nil {
		return nil, err
	}
	if r.parts == nil || len(r.parts) > 4 {
		r.parts = map[string]ast.Value{}
	}
	r.parts[key] = v
	return v, nil
}

// historySums is input.history by digest, id by id: the findings' key
// (findingsKey) and each file's digest (fileUnits) name the history so,
// encoding it once. ok is false when an id's history cannot be encoded.
type historySums struct {
	sums map[string][32]byte
	ok   bool
}

// historyMemo is the last histories named and their digests: the two
// sides of lint --staged are linted with HEAD's history, read once (a
// tenth of a second of CPU to name on 10,000 documents), and those of a
// review each with its own. It holds those maps, so no other map can
// take their address while they are compared by it; a history is not
// changed once read.
var historyMemo struct {
	sync.Mutex
	last [2]namedHistory // the latest first
}

type namedHistory struct {
	hist map[string]any
	sums historySums
}

// historyDigestsOnce is historyDigests, once for the map the other side
// named too, or whose digests were read with it (historyInput).
func historyDigestsOnce(hist map[string]any) historySums {
	if hist == nil {
		return historyDigests(nil)
	}
	if sums, ok := namedSums(hist); ok {
		return sums
	}
	sums := historyDigests(hist)
	rememberSums(hist, sums)
	return sums
}

func namedSums(hist map[string]any) (historySums, bool) {
	historyMemo.Lock()
	defer historyMemo.Unlock()
	for _, n := range historyMemo.last {
		if sameMap(n.hist, hist) {
			return n.sums, true
		}
	}
	return historySums{}, false
}

func rememberSums(hist map[string]any, sums historySums) {
	historyMemo.Lock()
	defer historyMemo.Unlock()
	if sameMap(historyMemo.last[0].hist, hist) {
		return
	}
	historyMemo.last[1], historyMemo.last[0] = historyMemo.last[0], namedHistory{hist, sums}
}

// sameMap reports whether a and b are one map; nil is none.
func sameMap(a, b map[string]any) bool {
	return a != nil && reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// HistoryNamings counts the histories named (historyDigests), for tests
// that hold a run taking a history and its digests from the cache to
// naming none.
var HistoryNamings atomic.Int64

func historyDigests(hist map[string]any) historySums {
	if hist != nil {
		HistoryNamings.Add(1)
	}
	ids := slices.Collect(maps.Keys(hist))
	sums := make([][32]byte, len(ids))
	oks := make([]bool, len(ids))
	// On every core: a large repository's history is a tenth of a
	// second to encode.
	parallel.Each(len(ids), func(_, i int) {
		sums[i], oks[i] = cache.NewKey("history").Value(hist[ids[i]]).Sum()
	})
	out := historySums{sums: make(map[string][32]byte, len(hist)), ok: !slices.Contains(oks, false)}
	for i, id := range ids {
		out.sums[id] = sums[i]
	}
	return out
}

// partHistory is the history of the ids part defines, nil without one.
func partHistory(part *model.Repository, hist map[string]any) map[string]any {
	if hist == nil {
		return nil
	}
	out := map[string]any{}
	add := func(id string) {
		if e, ok := hist[id]; ok {
			out[id] = e
		}
	}
	for _, d := range part.Documents {
		add(model.ID(d.Meta))
	}
	for _, reg := range part.Registers {
		add(model.ID(reg.Data))
	}
	return out
}

// subset is the repository of the given files only, for an input the
// document-scoped rules judge those files by.
func subset(repo *model.Repository, paths map[string]bool) *model.Repository {
	part := &model.Repository{Root: repo.Root, Read: repo.Read}
	for _, f := range repo.Files {
		if paths[f.Path] {
			part.Files = append(part.Files, f)
		}
	}
	for _, d := range repo.Documents {
		if paths[d.File] {
			part.Documents = append(part.Documents, d)
		}
	}
	for _, reg := range repo.Registers {
		if paths[reg.File] {
			part.Registers = append(part.Registers, reg)
		}
	}
	for _, p := range repo.Problems {
		if paths[p.File] {
			part.Problems = append(part.Problems, p)
		}
	}
	return part
}

// attribute sorts the results of the evaluated files (fresh) by the file
// each came from: its file, else the file defining its subject. false when
// a result cannot be told to one file (its subject's id is in two files,
// or in none evaluated): the run's findings are still right, but not kept.
// idx is evaluated's newIndex.
func attribute(rs []engine.Result, evaluated *model.Repository, idx *index, units []fileUnit, fresh map[string]bool) ([]cache.DocFile, bool) {
	owners := map[string]map[string]bool{}
	note := func(id, file string) {
		if id == "" {
			return
		}
		if owners[id] == nil {
			owners[id] = map[string]bool{}
		}
		owners[id][file] = true
	}
	for _, d := range evaluated.Documents {
		note(model.ID(d.Meta), d.File)
	}
	for _, reg := range evaluated.Registers {
		note(model.ID(reg.Data), reg.File)
		for _, lists := range model.RegisterKinds[model.Kind(reg.Data)] {
			items, _ := reg.Data[lists].([]any)
			for _, it := range items {
				if m, ok := it.(map[string]any); ok {
					note(model.ID(m), reg.File)
				}
			}
		}
	}
	byFile := map[string][]cache.DocResult{}
	for _, x := range rs {
		file := x.File
		if file == "" {
			loc, ok := idx.locate(x.Subject)
			id, _, _ := strings.Cut(x.Subject, "/")
			if _, whole := idx.ids[x.Subject]; whole {
				id = x.Subject
			}
			if !ok || len(owners[id]) != 1 {
				return nil, false
			}
			file = loc.file
		}
		if !fresh[file] {
			return nil, false
		}
		byFile[file] = append(byFile[file], cache.DocResult{Rule: x.Rule.ID, Msg: x.Msg, Subject: x.Subject, File: x.File, Line: x.Line, HasLine: x.HasLine, Column: x.Column, Pointer: x.Pointer, Severity: x.Severity})
	}
	var out []cache.DocFile
	for _, u := range units {
		if fresh[u.Path] {
			out = append(out, cache.DocFile{Path: u.Path, Digest: u.Digest, Results: byFile[u.Path]})
		}
	}
	return out, true
}

// maxOverlay is the most files a group's overlay holds before it is
// folded into the group's entry.
const maxOverlay = 512

func overlayKey(key [32]byte) [32]byte {
	k, _ := cache.NewKey("doc-scoped overlay").String(string(key[:])).Sum()
	return k
}

// keep keeps the files this run judged for the next run. A run that
// judged a few files (an edit, the hook's usual case) adds them to the
// group's overlay, a small entry beside the group's: rewriting the
// group's entry of every file of a large repository cost a hook a
// third of a second. One that judged many, or whose overlay is full,
// folds them all into the group's entry and empties the overlay.
func (g *docGroup) keep(r *Result, judged []cache.DocFile, units []fileUnit) {
	base := g.earlier[:len(g.earlier)-g.overlay]
	if len(base) > 0 && g.overlay+len(judged) <= maxOverlay {
		over := slices.Clone(judged)
		now := make(map[fileKey]bool, len(judged))
		for _, f := range judged {
			now[fileKey{f.Path, f.Digest}] = true
		}
		for _, f := range g.earlier[len(base):] {
			if !now[fileKey{f.Path, f.Digest}] {
				over = append(over, f)
			}
		}
		r.cache.PutDocResults(overlayKey(g.key), over)
		return
	}
	r.cache.PutDocResults(g.key, merge(judged, g.earlier, units))
	if g.overlay > 0 {
		r.cache.PutDocResults(overlayKey(g.key), nil)
	}
}

// merge is what the entry keeps after this run: every file of this run
// (judged now or before), then files of earlier runs at other digests
// (the other side of a comparison, the index before a change), at most as
// many as this run's, newest first.
func merge(judged, earlier []cache.DocFile, units []fileUnit) []cache.DocFile {
	now := make(map[fileKey]bool, len(units))
	for _, u := range units {
		now[fileKey{u.Path, u.Digest}] = true
	}
	byKey := make(map[fileKey]cache.DocFile, len(earlier))
	for _, f := range earlier {
		byKey[fileKey{f.Path, f.Digest}] = f
	}
	out := slices.Clone(judged)
	for _, f := range judged {
		delete(byKey, fileKey{f.Path, f.Digest})
	}
	var older []cache.DocFile
	for _, f := range earlier {
		k := fileKey{f.Path, f.Digest}
		if _, left := byKey[k]; !left {
			continue
		}
		if now[k] {
			out = append(out, f)
		} else {
			older = append(older, f)
		}
		delete(byKey, k)
	}
	if len(older) > len(units) {
		older = older[:len(units)]
	}
	return append(out, older...)
}

// docScopeKey names what document-scoped rules' results depend on
// besides each file: this build, the packs by digest, the configuration,
// the date and standards, and the files read for registers' sake. false
// when one cannot be named.
func docScopeKey(opts Options, cfg *config.Config, sources []engine.Source, standards []string, date string, repo *model.Repository) ([32]byte, bool) {
	if opts.Cache == nil {
		return [32]byte{}, false
	}
	k := cache.NewKey("doc-context")
	raw, err := configBytes(cfg)
	if err != nil {
		k.Spoil()
	}
	keyContext(k, raw, date, opts.Standard, standards, sources)
	k.Int(len(repo.Read))
	for _, f := range repo.Read {
		k.String(f.Path).String(f.SHA256)
	}
	return k.Sum()
}

func (c *perRun) add(n int) {
	c.mu.Lock()
	c.n = append(c.n, int64(n))
	c.mu.Unlock()
}

// Runs returns the counts of the runs so far, in order, and forgets them.
func (c *perRun) Runs() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.n
	c.n = nil
	return out
}
