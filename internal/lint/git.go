package lint

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/qmslint/qmslint/internal/cache"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/policies"
)

// gitHistory is input.history when the root is in a Git repository with
// at least one commit, nil otherwise: rules must not fail on a plain
// directory or a fresh repository.
// In a shallow clone it is the history the clone holds, and a note says
// where it stops.
//
// The walk runs beside the load. need says, once the rules are compiled,
// whether any enabled rule reads the history at all (false: none is
// read); parsed is the repository as the load read it (nil when it
// failed): the versions of documents that are the work tree's clean
// files take their id and revision from that parse instead of their
// blobs (parsedVersions).
//
// A Git side's history (opts.GitHistory) is read by the caller, which
// knows the commit; its versions whose blob the side loaded take their id
// and revision from the side's parse (sideVersions). Its error fails the
// run.
func gitHistory(opts Options, cfg *config.Config, need <-chan bool, parsed <-chan *model.Repository) (map[string]any, []string, error) {
	if opts.GitHistory == nil && (opts.History != nil || opts.NoHistory) {
		return opts.History, nil, nil
	}
	if !<-need {
		return nil, nil, nil
	}
	if opts.GitHistory != nil {
		h, err := opts.GitHistory(func() history.Known {
			m := <-parsed
			if m == nil || !cfg.Dialect.Empty() {
				return nil
			}
			return sideVersions(m, opts.Blobs)
		})
		return h, nil, err
	}
	HistoryWalks.Add(1)
	repo, err := gitrepo.Open(opts.Root)
	if err != nil {
		return nil, nil, nil
	}
	head, err := repo.Commit("HEAD")
	if err != nil {
		return nil, nil, nil
	}
	memoKey := repo.Top + "\x00" + repo.Prefix + "\x00" + head.Hash.String()
	if in, ok := lastHistory.get(memoKey); ok {
		return in, nil, nil
	}
	var h history.History
	cached := false
	if opts.Cache != nil {
		h, cached = opts.Cache.CachedHistory(repo, head)
	}
	switch {
	case cached:
	case opts.Overlay != nil || opts.Blobs != nil || !cfg.Dialect.Empty():
		h, err = ReadHistory(opts.Cache, repo, head)
	default:
		w := history.Start(repo, head)
		clean, cerr := repo.CleanBlobs()
		var known history.Known
		if m := <-parsed; m != nil && cerr == nil {
			known = parsedVersions(m, clean)
		}
		h, err = w.Finish(known)
		// The same history as history.Read's (TestHistoryFromParsedFiles),
		// so the next run of any command may take it.
		if err == nil && opts.Cache != nil {
			opts.Cache.PutHistory(repo, head, h)
		}
	}
	switch {
	case history.Partial(err):
		return h.Input(), []string{"document history: " + err.Error()}, nil
	case err != nil:
		return nil, nil, nil
	}
	in := historyInput(opts.Cache, repo, head, h)
	lastHistory.put(memoKey, in)
	return in, nil, nil
}

// historyInput is h, the whole history of c (never one cut short), as
// rules read it. Its digests (historyDigestsOnce) are read from the
// store when an earlier run kept them beside it, or made and kept
// there: a run that takes a large history from the cache decodes it but
// does not encode it again to name it.
func historyInput(store *cache.Store, repo *gitrepo.Repo, c *object.Commit, h history.History) map[string]any {
	in := h.Input()
	if store == nil {
		return in
	}
	if sums, ok := store.HistorySums(repo, c); ok && sameIDs(sums, in) {
		rememberSums(in, historySums{sums: sums, ok: true})
		return in
	}
	if sums := historyDigestsOnce(in); sums.ok {
		store.PutHistorySums(repo, c, sums.sums)
	}
	return in
}

func sameIDs(sums map[string][32]byte, in map[string]any) bool {
	if len(sums) != len(in) {
		return false
	}
	for id := range in {
		if _, ok := sums[id]; !ok {
			return false
		}
	}
	return true
}

// lastHistory is the last work tree's history this process read, by its
// repository, QMS root and HEAD: the language server evaluates the same
// HEAD after every edit, and the same map (never modified by a run) is
// named once (historyDigestsOnce) rather than decoded and named again
// each time.
var lastHistory historyMemoEntry

type historyMemoEntry struct {
	mu  sync.Mutex
	key string
	in  map[string]any
}

func (m *historyMemoEntry) get(key string) (map[string]any, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.in, m.in != nil && m.key == key
}

func (m *historyMemoEntry) put(key string, in map[string]any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.key, m.in = key, in
}

// SideHistory is the history of commit c for a Git side (Options.GitHistory),
// as rules read it: ReadHistory's, but the commits and trees are walked
// while the side loads, and only the versions that known (called once the
// load is done) does not know are read. A Git side's files are its blobs,
// so every version of a file it holds unchanged is known: nearly all of a
// review's. A shallow clone's history comes with its error
// (history.Partial), cut short.
func SideHistory(store *cache.Store, repo *gitrepo.Repo, c *object.Commit, known func() history.Known) (map[string]any, error) {
	if store != nil {
		if h, ok := store.CachedHistory(repo, c); ok {
			return historyInput(store, repo, c, h), nil
		}
	}
	HistoryWalks.Add(1)
	h, err := history.Start(repo, c).Finish(known())
	if err != nil {
		// A shallow clone's, cut short, with its error: the caller notes it.
		return h.Input(), err
	}
	// The same history as history.Read's (TestHistoryFromParsedFiles).
	if store != nil {
		store.PutHistory(repo, c, h)
	}
	return historyInput(store, repo, c, h), nil
}

// sideVersions is parsedVersions for a Git side: the files it loaded
// from blobs were parsed from exactly those blobs.
func sideVersions(m *model.Repository, blobs map[string]load.Blob) history.Known {
	files := make(gitrepo.Blobs, len(blobs))
	for p, b := range blobs {
		files[p] = b.ID
	}
	return parsedVersions(m, files)
}

// HistoryWalks counts the histories a run walked, for tests that hold a
// lint whose rules do not read input.history to walking none.
var HistoryWalks atomic.Int64

// parsedVersions knows the versions of documents the load parsed from the
// work tree's clean files (their content is their index blob), by blob
// hash: their id and revision as history.Ident reads them, without
// reading a blob. Only a load without a front matter dialect qualifies
// (the caller checks), since the history reads fields as written.
//
// The loader and Ident read the same YAML with yaml.v3's values, except
// that the loader keeps a timestamp or an infinity as its text where
// yaml.v3 alone decodes it; versions whose id or revision may be one are
// left to Ident, as are files that failed to parse. Not told apart: an
// explicit !!binary tag on an id or revision.
func parsedVersions(m *model.Repository, clean gitrepo.Blobs) history.Known {
	type version struct {
		blob plumbing.Hash
		md   bool
	}
	docs := map[version]history.Doc{}
	put := func(p string, meta map[string]any) {
		h, ok := clean[p]
		if !ok {
			return
		}
		if d, ok := identOf(meta); ok {
			docs[version{h, isMarkdown(p)}] = d
		}
	}
	for _, d := range m.Documents {
		put(d.File, d.Meta)
	}
	for _, r := range m.Registers {
		// Terraform states are registers too, built rather than read.
		if ext := strings.ToLower(path.Ext(r.File)); ext == ".yaml" || ext == ".yml" {
			put(r.File, r.Data)
		}
	}
	for _, f := range m.Files {
		// Markdown without front matter: no id on either side.
		if h, ok := clean[f.Path]; ok && f.Format == model.Markdown && isMarkdown(f.Path) && !f.Controlled && !f.Failed {
			docs[version{h, true}] = history.Doc{}
		}
	}
	return func(p string, blob plumbing.Hash) (history.Doc, bool) {
		d, ok := docs[version{blob, isMarkdown(p)}]
		return d, ok
	}
}

// identOf is history.Ident's id and revision from front matter as the
// loader decoded it, false where the two may differ.
func identOf(meta map[string]any) (history.Doc, bool) {
	var d history.Doc
	// Any other type is no id on either side.
	if s, ok := meta["id"].(string); ok {
		if !plainText(s) {
			return d, false
		}
		d.ID = s
	}
	switch r := meta["revision"].(type) {
	case nil:
	case string:
		if !plainText(r) {
			return d, false
		}
		d.Revision = r
	case int64, bool:
		d.Revision = fmt.Sprint(r)
	default:
		return d, false
	}
	return d, true
}

// plainText reports whether s, a string as the loader decoded it, is a
// string to yaml.v3 too: not a date or time (it starts "YYYY-"), nor an
// infinity or not-a-number (".inf", "-.Inf", ".nan").
func plainText(s string) bool {
	if len(s) >= 5 && s[4] == '-' && strings.IndexFunc(s[:4], func(r rune) bool { return r < '0' || r > '9' }) < 0 {
		return false
	}
	return !strings.HasPrefix(strings.TrimLeft(s, "+-"), ".")
}

func isMarkdown(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".md" || ext == ".markdown"
}

// only keeps the findings on the given files; none given keeps all.
func only(fs []finding.Finding, files []string) []finding.Finding {
	if len(files) == 0 {
		return fs
	}
	out := fs[:0:0]
	for _, f := range fs {
		if slices.Contains(files, f.File) {
			out = append(out, f)
		}
	}
	return out
}

// builtinEngine is the compiled built-in policy set, shared by the runs of
// one process: lint --staged and review lint two snapshots, and compiling
// the same embedded Rego twice is most of their time. Policy packs are
// read from disk and may change, so a run with packs compiles afresh.
var builtinEngine struct {
	sync.Mutex
	eng *engine.Engine
}

// Engine is the engine of sources, compiled once per process for the
// built-in rules alone: review's change rules, lint --staged, rules,
// explain and the coverage matrix use it too. Compiling the embedded
// Rego is most of a small run's time (and of the test suite's under
// -race); the Engine is read-only once compiled, so sharing it is safe.
func Engine(sources []engine.Source) (*engine.Engine, error) { return newEngine(sources) }

// BuiltinEngine is the engine of the built-in rules alone.
func BuiltinEngine() (*engine.Engine, error) {
	return newEngine([]engine.Source{{Name: "policies", FS: policies.FS, Builtin: true}})
}

// CompileAhead starts compiling the built-in rules on a goroutine of its
// own when the configuration at the root lists no policy pack or catalog
// (config.AddsRules, which loads and registers nothing) and opts names no
// policies: a comparison (lint --staged, review) reads Git's index and
// trees on one core before its runs prepare, and they then take the
// engine compiled meanwhile (newEngine waits for it). A run whose sides
// turn out to add packs after all compiles its own; one taken whole from
// the cache has compiled for nothing, beside it. It says whether it
// started.
func CompileAhead(opts Options) bool {
	if len(opts.Policies) > 0 || config.AddsRules(opts.Root, opts.ConfigFile) {
		return false
	}
	go func() {
		// Its error, or a panic, is the runs' to meet: they compile again.
		defer func() { _ = recover() }()
		_, _ = BuiltinEngine()
	}()
	return true
}

func newEngine(sources []engine.Source) (*engine.Engine, error) {
	// Only the embedded tree itself is cached: a Builtin source may also be
	// a copy of it without its tests (policy test), which compiles to
	// another engine.
	if len(sources) != 1 || !sources[0].Builtin || sources[0].FS != fs.FS(policies.FS) {
		return engine.New(sources)
	}
	builtinEngine.Lock()
	defer builtinEngine.Unlock()
	if builtinEngine.eng == nil {
		eng, err := engine.New(sources)
		if err != nil {
			return nil, err
		}
		builtinEngine.eng = eng
	}
	return builtinEngine.eng, nil
}
