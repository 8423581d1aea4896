// Package lint runs the pipeline: load the repository, validate it against
// the schemas, build and convert the policy input, evaluate the rules, turn
// their results into findings with exact positions and configured
// severities, and trace them to CAPAs and waivers. A run is one value
// (Result), computed once: coverage, the report, review's change rules and
// the language server read what it holds instead of loading, compiling or
// converting again (docs/architecture.md).
package lint

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/coverage"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/policyinput"
	"github.com/qmslint/qmslint/internal/run"
	"github.com/qmslint/qmslint/internal/schema"
	"github.com/qmslint/qmslint/internal/tfstate"
	"github.com/qmslint/qmslint/internal/trace"
	"github.com/qmslint/qmslint/internal/yamlpos"
	"github.com/qmslint/qmslint/policies"
)

// GCPercent is the garbage collector setting cmd/qmslint runs with (unless
// GOGC is set). A lint's live heap only grows (the model, then OPA's
// values and caches, live until the run ends), so the default of 100
// collects again and again for little; 400 saved a few percent of CPU but
// let the peak reach five times the live heap. Measured on the 10,000-
// document corpus in Git (docs/performance.md), medians of three
// interleaved runs: 100 took 7.2 s of CPU for a peak of 552 MB, 200 7.0 s
// for 602 MB, 400 6.7 s for 875 MB; a GOMEMLIMIT of 200 MiB held the peak
// at 335 MB for 15.9 s of CPU. Once the policy input shared its repeated
// parts, 150 gave a peak 7 to 14% lower than 200 for 4% more CPU or less
// (three interleaved sets of runs, docs/performance.md).
const GCPercent = 150

// HeapFloor is the heap cmd/qmslint lets grow before the collector runs
// by GCPercent (internal/heapfloor): below it, a run that keeps its model
// and input to the end collected a dozen times for little. Its size is a
// trade of CPU against the peak, measured in docs/performance.md
// ("Garbage collector").
const HeapFloor = 320 << 20

// Options for one run.
type Options struct {
	Root       string
	ConfigFile string    // "" to discover .qmslint.yaml
	Date       time.Time // the "as of" day
	Policies   []string  // extra policy directories (--policy)
	Timeout    time.Duration
	// MaxMemory bounds the heap of policy evaluation (--max-memory); 0
	// means engine.DefaultMemoryBudget, or max_memory from the config
	// when that is lower.
	MaxMemory int64
	// Only restricts the reported findings to these files (relative to
	// Root): cross-document rules still see the whole repository.
	Only []string
	// History, when set, is input.history as given (a materialised copy
	// of a commit has no Git repository of its own); otherwise it is read
	// from the Git repository holding Root, unless NoHistory.
	History   map[string]any
	NoHistory bool
	// GitHistory, for a Git side (Blobs), reads input.history in place of
	// History, when a rule needs it: known, once the load is done, gives
	// the id and revision of the versions the side parsed, so that their
	// blobs are not read again (SideHistory). An error fails the run.
	GitHistory func(known func() history.Known) (map[string]any, error)
	// KeepHistory reads the history even when no enabled rule reads
	// input.history: the caller reads Result.History itself (the
	// report's commit evidence). Otherwise a run walks the history only
	// for the rules that need it.
	KeepHistory bool
	// Coverage evaluates the coverage matrix (Result.Coverage) in the
	// rules' query: the coverage rules compute most of it, and a second
	// query would compute it again (the report).
	Coverage bool
	// Overlay replaces files on disk for this run (load.Options.Overlay):
	// the language server judges an editor's unsaved buffers.
	Overlay map[string][]byte
	// Blobs are files read from Git objects instead of Root
	// (load.Options.Blobs): a commit or the index, linted through a copy
	// of its tree that holds everything else.
	Blobs map[string]load.Blob
	// Standard keeps one of the enabled standards in the input
	// (coverage --standard: "ISO13485" or "ISO13485:2016"); "" keeps all.
	Standard string
	// Cache keeps parsed and validated files across runs (and between
	// the sides of a comparison); nil parses every file.
	Cache *cache.Store
}

// Result is the run: every stage's product, computed once, for the stages
// after it (trace, coverage, review, render) to read.
type Result struct {
	// Outcome is what the stages that only read a run (the report) need:
	// config, repository, rules, findings, packs, notes.
	run.Outcome

	// Engine is the compiled policies (built-in and packs).
	Engine *engine.Engine
	// value is the policy input, converted for OPA once, when a query
	// first needs it (Value): a run whose findings come from the cache
	// never builds it. plain is the input as built, before conversion,
	// once something needs it (Plain): the digests of its parts name
	// what a group of rules read (footprint.go) without converting it.
	value     ast.Value
	valueErr  error
	valueOnce sync.Once
	valueDone atomic.Bool
	// fields are the keys of the input converted alone, before or
	// instead of the whole (Field).
	fieldMu   sync.Mutex
	fields    map[string]*converted
	plain     map[string]any
	plainOnce sync.Once
	build     func() map[string]any
	// digests are the parts of the input by digest (partDigest).
	digestMu sync.Mutex
	digests  map[string]partSum
	docSums  [][32]byte
	docSumOK bool
	docKinds []string // by document, for the digests of one kind's

	// standards are the standards the run assesses (cfg.Standards, or
	// the one of Options.Standard).
	standards []string
	day       time.Time
	timeout   time.Duration
	only      []string
	coverage  *coverage.Report
	// withCoverage asks the first phase's query for the coverage matrix
	// (Options.Coverage); coverageRaw is its value once evaluated so.
	withCoverage bool
	coverageRaw  any
	coverageDone bool
	// cache and key hold the findings across runs: a run whose key an
	// earlier run had is not evaluated again.
	cache *cache.Store
	key   [32]byte
	keyed bool
	// encoded is the findings as kept under key, when this run evaluated
	// them: a comparison's side keeps the same bytes under its name too
	// (Side.Keep).
	encoded []byte
	// docKey is the context of the document-scoped rules' results kept
	// per file (scope.go); inputOpts builds an input of some files.
	docKey    [32]byte
	docKeyed  bool
	inputOpts policyinput.Options
	histSums  historySums
	// given holds the givens' values over the whole input (scope.go),
	// by ref, once computed; nil for an undefined one.
	givenMu sync.Mutex
	given   map[string]*ast.Term
	// parts are the inputs of some files, by their paths (partValue).
	parts map[string]ast.Value
	// places is where each item of Repo is, made once for every phase's
	// findings and for telling results to files (attribute).
	places     *index
	placesOnce sync.Once
}

// index is the places of the run's repository (newIndex), made once.
func (r *Result) index() *index {
	r.placesOnce.Do(func() { r.places = newIndex(r.Repo) })
	return r.places
}

// Error is a usage or configuration error: the run could not happen.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Sources returns the built-in policies plus the configured packs and the
// given ones (directories or OPA bundles), in that order.
func Sources(cfg *config.Config, extra []string) ([]engine.Source, error) {
	sources := []engine.Source{{Name: "policies", FS: policies.FS, Builtin: true}}
	if err := cfg.CheckPolicies(); err != nil {
		return nil, err
	}
	refs := cfg.PolicyRefs()
	for _, e := range extra {
		refs = append(refs, config.PolicyRef{Path: e})
	}
	for _, ref := range refs {
		src, err := engine.OpenPack(ref.Path, ref.SHA256)
		if err != nil {
			return nil, err
		}
		sources = append(sources, src)
	}
	if fsys := catalog.FS(cfg.Added); fsys != nil {
		digest, err := engine.DirDigest(fsys)
		if err != nil {
			return nil, err
		}
		sources = append(sources, engine.Source{Name: "catalogs", FS: fsys, Digest: digest})
	}
	return sources, nil
}

// Run lints one repository: Prepare, then Evaluate.
func Run(ctx context.Context, opts Options) (*Result, error) {
	res, err := Prepare(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := res.Evaluate(ctx); err != nil {
		return nil, err
	}
	return res, nil
}

// Loads counts the repositories loaded in this process, for tests that
// hold each command to one load per side.
var Loads atomic.Int64

// Prepare runs the stages before evaluation: configuration, the repository
// loaded and validated, the policies compiled, the input built and
// converted. Its Findings are nil until Evaluate; `qmslint coverage`
// needs no more than Prepare and Coverage.
func Prepare(ctx context.Context, opts Options) (*Result, error) {
	cfg, err := config.Load(opts.Root, opts.ConfigFile)
	if err != nil {
		return nil, &Error{err}
	}
	standards, err := runStandards(opts, cfg)
	if err != nil {
		return nil, &Error{err}
	}
	sources, err := Sources(cfg, opts.Policies)
	if err != nil {
		return nil, &Error{err}
	}
	// The repository is read and validated while the policies compile:
	// both take a while on a large repository, and neither needs the other.
	loaded := make(chan loadResult, 1)
	go func() { loaded <- loadAndValidate(opts.Root, cfg, opts.Overlay, opts.Blobs, opts.Cache) }()
	// The Git history too: one goroutine walking commits while the other
	// cores parse files (it was half again a plain folder's lint when it
	// ran after them).
	type histResult struct {
		hist     map[string]any
		notes    []string
		err      error
		panicked any // raised again on the caller, whose guard reports it
	}
	history := make(chan histResult, 1)
	// Each is sent exactly once, whatever happens, so the walk never
	// waits for nothing.
	need, parsed := make(chan bool, 1), make(chan *model.Repository, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				history <- histResult{panicked: p}
			}
		}()
		h, notes, err := gitHistory(opts, cfg, need, parsed)
		history <- histResult{hist: h, notes: notes, err: err}
	}()
	eng, err := newEngine(sources)
	need <- err == nil && (opts.KeepHistory || eng.Reads(func(r engine.Rule) bool { return !cfg.Rules[r.ID].Disabled }, "input.history"))
	l := <-loaded
	parsed <- l.repo
	if err != nil {
		// One error stays on one line so CI logs show it whole.
		sep := " "
		if strings.Contains(err.Error(), "\n") {
			sep = "\n"
		}
		return nil, &Error{fmt.Errorf("policies do not compile:%s%w", sep, err)}
	}
	if err := checkRuleSettings(cfg, eng); err != nil {
		return nil, &Error{err}
	}
	if l.err != nil {
		return nil, l.err
	}
	repo := l.repo

	engine.SetMemoryBudget(memoryBudget(opts, cfg))
	date := opts.Date.Format("2006-01-02")
	h := <-history
	if h.panicked != nil {
		panic(h.panicked)
	}
	if h.err != nil {
		return nil, h.err
	}
	hist, notes := h.hist, h.notes
	inputOpts := policyinput.Options{Date: date, Standards: standards, Params: cfg.Params, History: hist}
	if ns, ok := parseNamespace(cfg); ok {
		// The other side of a comparison converts the files both share
		// once (policyinput.Options.Memo). A register's item holds what
		// it read from other files (backup evidence), named here.
		k := cache.NewKey("input-memo").String(string(ns[:])).Int(len(repo.Read))
		for _, f := range repo.Read {
			k.String(f.Path).String(f.SHA256)
		}
		if sum, ok := k.Sum(); ok {
			inputOpts.Memo = string(sum[:])
		}
	}
	build := func() map[string]any {
		return policyinput.Build(repo, inputOpts)
	}
	sums := historyDigestsOnce(hist)
	key, keyed := findingsKey(opts, cfg, sources, standards, date, hist, sums, notes, repo)
	docKey, docKeyed := docScopeKey(opts, cfg, sources, standards, date, repo)
	return &Result{
		Outcome: run.Outcome{
			Root:   opts.Root,
			Date:   date,
			Config: cfg,
			Rules:  RulesInForce(eng.Rules(), cfg, standards),
			Repo:   repo,
			Packs:  engine.Packs(sources),
			Notes:  notes,
			// The report shows approvals' commit evidence from it.
			History: hist,
		},
		Engine:    eng,
		build:     build,
		standards: standards,
		day:       opts.Date,
		timeout:   opts.Timeout,
		only:      opts.Only,

		withCoverage: opts.Coverage,
		cache:        opts.Cache,
		key:          key,
		keyed:        keyed,

		docKey:    docKey,
		docKeyed:  docKeyed,
		inputOpts: inputOpts,
		histSums:  sums,
	}, nil
}

// Value is the policy input, converted for OPA: built and converted on
// the first call, shared by every later query, which extends it
// (policyinput.With) and never converts the repository again.
func (r *Result) Value() (ast.Value, error) {
	r.valueOnce.Do(func() {
		in := r.Plain()
		if in == nil {
			r.valueErr = errNotPrepared
			return
		}
		r.value, r.valueErr = policyinput.ValueOf(in, r.field)
		r.valueDone.Store(true)
	})
	return r.value, r.valueErr
}

// Field is input[key] converted for OPA, nil when absent: from the whole
// input when it is converted, otherwise alone (policyinput.Part), once;
// the whole input, converted later, takes it as it is.
func (r *Result) Field(key string) (ast.Value, error) {
	if r.valueDone.Load() {
		if r.valueErr != nil {
			return nil, r.valueErr
		}
		return policyinput.Field(r.value, key), nil
	}
	return r.field(key)
}

func (r *Result) field(key string) (ast.Value, error) {
	r.fieldMu.Lock()
	f := r.fields[key]
	if f == nil {
		if r.fields == nil {
			r.fields = map[string]*converted{}
		}
		f = &converted{}
		r.fields[key] = f
	}
	r.fieldMu.Unlock()
	f.once.Do(func() {
		in := r.Plain()
		if in == nil {
			f.err = errNotPrepared
			return
		}
		f.value, f.err = policyinput.Part(in, key)
	})
	return f.value, f.err
}

// converted is a key of the input converted alone (Field).
type converted struct {
	once  sync.Once
	value ast.Value
	err   error
}

// Prefetch converts the elements of keys of the input in the background,
// cut to fields when not nil (Cut), on one goroutine, for a later stage
// that will read them (review's change rules read each side's documents
// and registers). One goroutine, not every core: the other side of the
// comparison may still be evaluating, and the stage that reads the keys
// (Field, Cut) converts what is left on every core, and reports any
// error.
func (r *Result) Prefetch(fields []string, keys ...string) {
	go func() {
		// Work ahead of need must not end the process: the stage that
		// reads the keys converts them again and reports what failed.
		defer func() { _ = recover() }()
		in := r.Plain()
		if in == nil {
			return
		}
		for _, key := range keys {
			// A key converted whole is read whole (Converted): warming
			// its cut would be work for nothing.
			if fields == nil || !r.Converted(key) {
				policyinput.Warm(in, key, fields)
			}
		}
	}()
}

// Cut is input[key] converted for OPA with each document or register cut
// to fields (policyinput.Cut), for a stage whose rules read only those
// (PhaseFields).
func (r *Result) Cut(key string, fields []string) (ast.Value, error) {
	in := r.Plain()
	if in == nil {
		return nil, errNotPrepared
	}
	return policyinput.Cut(in, key, fields)
}

// errNotPrepared is the error of a stage that needs the policy input of
// a run that was not prepared.
var errNotPrepared = errors.New("no policy input: the run was not prepared")

// Converted reports whether the run has converted input[key] whole, so
// that Field gives it without converting.
func (r *Result) Converted(key string) bool {
	if r.valueDone.Load() {
		return true
	}
	r.fieldMu.Lock()
	defer r.fieldMu.Unlock()
	return r.fields[key] != nil
}

// PhaseFields is engine.Fields of the phase's enabled rules: the fields
// of the documents and registers they could read, false when the whole
// must be given.
func (r *Result) PhaseFields(phase string) ([]string, bool) {
	return r.Engine.Fields(r.phaseEnabled(phase))
}

// phaseEnabled is whether a rule is of the phase and enabled.
func (r *Result) phaseEnabled(phase string) func(engine.Rule) bool {
	return func(rule engine.Rule) bool { return rule.Phase == phase && !r.Config.Rules[rule.ID].Disabled }
}

// inputOf is the input the enabled rules read: the whole, when it is
// converted or a rule's footprint cannot be named; otherwise the keys
// they read (engine.InputKeys) and the run's context, each converted
// alone. A later phase over a run that took every result from the cache
// converts no more than it reads.
func (r *Result) inputOf(enabled func(engine.Rule) bool) (ast.Value, error) {
	keys, ok := r.Engine.InputKeys(enabled)
	if !ok || r.valueDone.Load() {
		return r.Value()
	}
	obj := ast.NewObject()
	for _, key := range slices.Concat(contextKeys, keys) {
		if obj.Get(ast.StringTerm(key)) != nil {
			continue
		}
		v, err := r.Field(key)
		if err != nil {
			return nil, err
		}
		if v != nil {
			obj.Insert(ast.StringTerm(key), ast.NewTerm(v))
		}
	}
	return obj, nil
}

// Plain is the policy input as built, before conversion, built once; nil
// when the run was not prepared.
func (r *Result) Plain() map[string]any {
	r.plainOnce.Do(func() {
		if r.build != nil {
			r.plain = r.build()
		}
	})
	return r.plain
}

// CachedPhase is Phase, its findings kept across runs under a key of
// this run's, those of deps and of desc (what extra holds besides the
// runs' own inputs): review's change rules on a warm run are neither
// evaluated nor given a converted input. extra is called only when
// the phase is evaluated.
func (r *Result) CachedPhase(ctx context.Context, phase string, deps []*Result, desc any, extra func() (map[string]any, error)) ([]finding.Finding, error) {
	k := cache.NewKey("phase").String(phase)
	ok := r.keyed
	for _, x := range append([]*Result{r}, deps...) {
		ok = ok && x.keyed && x.cache == r.cache
		k.String(string(x.key[:]))
	}
	k.Value(desc)
	key, keyed := k.Sum()
	keyed = keyed && ok
	if keyed {
		if fs, hit := r.cache.Findings(key); hit {
			return fs, nil
		}
	}
	m, err := extra()
	if err != nil {
		return nil, err
	}
	// Kept under its own key: not named again by its footprint.
	fs, err := r.phase(ctx, phase, m, false)
	if err != nil {
		return nil, err
	}
	if keyed {
		r.cache.PutFindings(key, fs)
	}
	return fs, nil
}

// Evaluate runs the rules over the prepared input and sets Findings: the
// first query (every enabled rule without a phase), the trace stage
// (statuses and CAPAs), then the trace-phase rules over input.findings,
// traced in turn.
func (r *Result) Evaluate(ctx context.Context) error {
	if r.keyed {
		if fs, ok := r.cache.Findings(r.key); ok {
			r.Findings = only(fs, r.only)
			return nil
		}
	}
	first, err := r.firstPhase(ctx)
	if err != nil {
		return err
	}
	recs := trace.Read(r.Repo)
	traced := trace.Apply(first, recs, r.Date)
	// Named by the findings themselves; input.findings is built only
	// when the trace rules are evaluated, not taken from the cache.
	findingsIn := Digested{Sum: trace.Digest(traced), Build: func() any { return trace.Input(traced) }}
	second, err := r.Phase(ctx, engine.PhaseTrace, map[string]any{"findings": findingsIn})
	if err != nil {
		return err
	}
	findings := append(traced, trace.Second(second, first, recs, r.Date)...)
	finding.Sort(findings)
	if r.keyed {
		r.encoded = cache.EncodeFindings(findings)
		r.cache.PutEntry(r.key, r.encoded)
	}
	r.Findings = only(findings, r.only)
	return nil
}

// Digested is a value of a later phase's extra input given with a
// digest its caller computes more cheaply than policyinput.Digest of the
// value would be, and built only when the phase's rules are evaluated
// rather than taken from the cache. Sum must change whenever the built
// value does.
type Digested struct {
	Sum   [32]byte
	Build func() any
}

// Phase evaluates the enabled rules of one phase ("" for the first query,
// engine.PhaseTrace, engine.PhaseReview) over the run's input with the keys
// of extra added (input.findings, input.change), and resolves their
// results into findings, untraced.
func (r *Result) Phase(ctx context.Context, phase string, extra map[string]any) ([]finding.Finding, error) {
	return r.phase(ctx, phase, extra, true)
}

// phase is Phase; byFootprint keeps a later phase's results by the
// footprints of its rules (phaseResults).
func (r *Result) phase(ctx context.Context, phase string, extra map[string]any, byFootprint bool) ([]finding.Finding, error) {
	var results []engine.Result
	var err error
	if phase == "" && len(extra) == 0 {
		results, err = r.evalRules(ctx, r.phaseEnabled(""), nil)
	} else {
		results, err = r.phaseResults(ctx, phase, extra, byFootprint)
	}
	if err != nil {
		return nil, err
	}
	return findingsAt(r.index(), r.Repo, r.Config, r.standards, results), nil
}

// phaseResults evaluates a later phase's enabled rules over the run's
// input with extra's keys added. When every rule's footprint can be
// named, the results are kept under the digests of what the rules read,
// extra's values among them (input.findings): a run whose findings and
// CAPA records are those of an earlier run takes that run's results
// without converting its input.
func (r *Result) phaseResults(ctx context.Context, phase string, extra map[string]any, byFootprint bool) ([]engine.Result, error) {
	enabled := r.phaseEnabled(phase)
	var key [32]byte
	var keyed bool
	if byFootprint {
		var err error
		if key, keyed, err = r.phaseKey(ctx, phase, enabled, extra); err != nil {
			return nil, err
		}
	}
	if keyed {
		if files, ok := r.cache.DocResults(key); ok && len(files) == 1 {
			return r.fromCache(files[0].Results), nil
		}
	}
	q, err := r.Engine.Prepare(ctx, enabled, r.timeout)
	if err != nil {
		return nil, &Error{err}
	}
	value, err := r.inputOf(enabled)
	if err != nil {
		return nil, err
	}
	if len(extra) > 0 {
		built := make(map[string]any, len(extra))
		for k, v := range extra {
			if d, ok := v.(Digested); ok {
				v = d.Build()
			}
			built[k] = v
		}
		if value, err = policyinput.With(value, built); err != nil {
			return nil, err
		}
	}
	results, err := q.Eval(ctx, value, r.day)
	if err != nil {
		return nil, &Error{err}
	}
	if keyed {
		r.cache.PutDocResults(key, []cache.DocFile{{Results: toDocResults(results)}})
	}
	return results, nil
}

func (r *Result) Coverage(ctx context.Context) (*coverage.Report, error) {
	if r.coverage != nil {
		return r.coverage, nil
	}
	raw := r.coverageRaw
	if !r.coverageDone {
		value, err := r.Value()
		if err != nil {
			return nil, err
		}
		if raw, err = r.Engine.EvalRef(ctx, coverage.Ref, value, r.day, r.timeout); err != nil {
			return nil, &Error{err}
		}
	}
	rep, err := coverage.FromValue(raw, r.Repo)
	if err != nil {
		return nil, err
	}
	rep.Catalogs = r.Config.Known
	r.coverage = rep
	return rep, nil
}

// memoryBudget is --max-memory when given, else the default lowered by
// max_memory: a repository's config may tighten the budget but not lift
// it, as it may be the very thing the budget guards against.
func memoryBudget(opts Options, cfg *config.Config) int64 {
	if opts.MaxMemory > 0 {
		return opts.MaxMemory
	}
	if cfg.MaxMemory > 0 && cfg.MaxMemory < engine.DefaultMemoryBudget {
		return cfg.MaxMemory
	}
	return engine.DefaultMemoryBudget
}

type loadResult struct {
	repo *model.Repository
	err  error
}

// loadAndValidate reads the repository and checks it against the schemas.
// It runs on its own goroutine, so it turns a panic into an error itself:
// cli.Run's recover guards only the goroutine it runs on.
func loadAndValidate(root string, cfg *config.Config, overlay map[string][]byte, blobs map[string]load.Blob, store *cache.Store) (res loadResult) {
	defer func() {
		if r := recover(); r != nil {
			res = loadResult{err: fmt.Errorf("internal error while loading %s: %v", root, r)}
		}
	}()
	Loads.Add(1)
	files := cacheFiles(store, cfg)
	lopts := load.Options{Ignore: cfg.Ignore, IgnoreBase: cfg.Dir, Dialect: cfg.Dialect, Overlay: overlay, Blobs: blobs, Standards: cfg.Standards, Catalogs: cfg.Known}
	if files != nil {
		lopts.Cache = files
	}
	repo, err := load.Load(root, lopts)
	if err != nil {
		return loadResult{err: &Error{err}}
	}
	// Terraform states are registers too, validated like the YAML ones
	// (a role tag the schema does not know is a finding at the resource).
	regs, stateFiles, problems := tfstate.Load(repo.Root, cfg)
	repo.Registers = append(repo.Registers, regs...)
	repo.Files = append(repo.Files, stateFiles...)
	repo.Problems = append(repo.Problems, problems...)
	v, err := schema.Default()
	if err != nil {
		return loadResult{err: err}
	}
	validate(v, repo, files)
	return loadResult{repo: repo}
}

// checkRuleSettings rejects settings for rules that do not exist and
// parameters a rule does not declare: a typo must not silently leave a
// rule at its default.
func checkRuleSettings(cfg *config.Config, eng *engine.Engine) error {
	ids := make([]string, 0, len(cfg.Rules))
	for id := range cfg.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r, ok := eng.Rule(id)
		if !ok {
			return fmt.Errorf("%s: rules: unknown rule %q (qmslint rules lists them)", cfg.File, id)
		}
		if rc := cfg.Rules[id]; r.Locked && (rc.Disabled || rc.Severity != "") {
			return fmt.Errorf("%s: rules.%s: %s marks this rule not overridable (custom.overridable: false); it cannot be disabled or re-graded per repository: fix the finding or waive it with a reason", cfg.File, id, r.File)
		}
		names := make([]string, 0, len(cfg.Params[id]))
		for name := range cfg.Params[id] {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if _, declared := r.Params[name]; declared {
				continue
			}
			known := make([]string, 0, len(r.Params))
			for k := range r.Params {
				known = append(known, k)
			}
			sort.Strings(known)
			if len(known) == 0 {
				return fmt.Errorf("%s: rules.%s: unknown setting %q; this rule takes only severity and disabled", cfg.File, id, name)
			}
			return fmt.Errorf("%s: rules.%s: unknown setting %q; expected severity, disabled or one of its parameters: %s", cfg.File, id, name, strings.Join(known, ", "))
		}
	}
	return nil
}

// runStandards are the standards a run assesses: the configuration's, or
// the one Options.Standard picks among them.
func runStandards(opts Options, cfg *config.Config) ([]string, error) {
	if opts.Standard == "" {
		return cfg.Standards, nil
	}
	id, err := coverage.Pick(opts.Standard, cfg)
	if err != nil {
		return nil, err
	}
	return []string{id}, nil
}

// RulesInForce is rules as a repository has them: severities as its
// configuration re-grades them, and the clauses of the standards it is
// assessed against (catalog.InForce).
func RulesInForce(rules []finding.Rule, cfg *config.Config, standards []string) []finding.Rule {
	out := make([]finding.Rule, len(rules))
	for i, r := range rules {
		if s := cfg.Rules[r.ID].Severity; s != "" {
			r.Severity = s
		}
		r.Clauses = catalog.InForce(r.Clauses, standards)
		out[i] = r
	}
	return out
}

// findingsAt resolves rule results into findings: positions from pointers
// (repo's places indexed in idx) or subject ids, severities from the
// config, the clauses of standards.
func findingsAt(idx *index, repo *model.Repository, cfg *config.Config, standards []string, results []engine.Result) []finding.Finding {
	repoWide := repositoryPlace(repo, cfg)
	type seenKey struct {
		id, file, msg string
		line          int
	}
	seen := make(map[seenKey]bool, len(results))
	out := make([]finding.Finding, 0, len(results))
	for _, r := range results {
		f := finding.Finding{
			Rule:     r.Rule.ID,
			Severity: r.Rule.Severity,
			Clauses:  catalog.InForce(r.Rule.Clauses, standards),
			Subject:  r.Subject,
			File:     r.File,
			Message:  r.Msg,
			Status:   finding.StatusOpen,
			CAPA:     []string{},
		}
		// A rule may grade one finding itself (backups with other good
		// copies are less severe); a severity set in .qmslint.yaml is the
		// repository's decision for the whole rule and wins over both.
		if r.Severity != "" {
			f.Severity = r.Severity
		}
		if s := cfg.Rules[r.Rule.ID].Severity; s != "" {
			f.Severity = s
		}
		if f.Subject == "" {
			f.Subject = f.File
		}
		if f.Subject == "" {
			f.Subject = "repository"
		}
		pointer := r.Pointer
		switch {
		case r.HasLine:
			f.Line, f.Column = r.Line, r.Column
			if f.Line > 0 && f.Column == 0 {
				// A rule that knows only the line (a Markdown link, a
				// heading) points at its start.
				f.Column = 1
			}
		case f.File != "":
			f.Line, f.Column, f.Column16 = idx.pos(f.File, r.Pointer)
		default:
			if loc, ok := idx.locate(f.Subject); ok {
				f.File, pointer = loc.file, loc.pointer
				f.Line, f.Column, f.Column16 = idx.pos(loc.file, loc.pointer)
			}
		}
		f.Logical = idx.logical[itemOf(f.File, pointer)]
		f.ID = f.Rule + ":" + f.Subject
		if f.File == "" && repoWide != "" {
			f.File, f.Line, f.Column = repoWide, 1, 1
		}
		key := seenKey{f.ID, f.File, f.Message, f.Line}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, f)
	}
	finding.Sort(out)
	return out
}

type location struct{ file, pointer string }

type index struct {
	positions map[string]yamlpos.Positions
	ids       map[string]location
	// logical is the logical location of the items of kinds that declare
	// one, by itemOf(file, pointer).
	logical map[string]string
}

// itemOf is the key of the register item a pointer is in: its file and
// the pointer's first two segments (/resources/3 of /resources/3/values).
func itemOf(file, pointer string) string {
	parts := strings.SplitN(pointer, "/", 4)
	if file == "" || len(parts) < 3 {
		return ""
	}
	return file + "\x00/" + parts[1] + "/" + parts[2]
}

func newIndex(repo *model.Repository) *index {
	idx := &index{positions: map[string]yamlpos.Positions{}, ids: map[string]location{}, logical: map[string]string{}}
	add := func(id, file, ptr string) {
		if _, dup := idx.ids[id]; id != "" && !dup {
			idx.ids[id] = location{file, ptr}
		}
	}
	for _, d := range repo.Documents {
		idx.positions[d.File] = d.Pos
		add(model.ID(d.Meta), d.File, "")
	}
	for _, r := range repo.Registers {
		idx.positions[r.File] = r.Pos
		add(model.ID(r.Data), r.File, "")
		field := model.LogicalFields[model.Kind(r.Data)]
		for _, list := range model.RegisterKinds[model.Kind(r.Data)] {
			items, _ := r.Data[list].([]any)
			for i, it := range items {
				if m, ok := it.(map[string]any); ok {
					ptr := "/" + list + "/" + strconv.Itoa(i)
					add(model.ID(m), r.File, ptr)
					if name, _ := m[field].(string); field != "" && name != "" {
						idx.logical[itemOf(r.File, ptr)] = name
					}
				}
			}
		}
	}
	return idx
}

// locate finds the item a subject names. A relation ("SOP-004/FRM-009")
// is placed at its first item, which holds the reference.
func (idx *index) locate(subject string) (location, bool) {
	if loc, ok := idx.ids[subject]; ok {
		return loc, true
	}
	if first, _, cut := strings.Cut(subject, "/"); cut {
		loc, ok := idx.ids[first]
		return loc, ok
	}
	return location{}, false
}

// pos is the line and the column in bytes and in UTF-16 code units of
// pointer in file; zeros when the file has no positions.
func (idx *index) pos(file, pointer string) (line, col, col16 int) {
	pos, ok := idx.positions[file]
	if !ok {
		return 0, 0, 0
	}
	p, _ := pos.Lookup(pointer)
	return p.Line, p.Col, p.Col16
}
