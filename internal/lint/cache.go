package lint

import (
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/go-git/go-git/v5/plumbing/object"

	"strings"
	"sync"
	"sync/atomic"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/run"
	"github.com/qmslint/qmslint/internal/schema"
)

// cacheFiles is the load's view of the cache for this configuration, nil
// without a cache. Everything in the configuration that changes a parse
// is in the namespace: the file's bytes (dialect, standards), the
// standards in force, and the catalogs it adds.
func cacheFiles(store *cache.Store, cfg *config.Config) *filesView {
	if store == nil {
		return nil
	}
	ns, ok := parseNamespace(cfg)
	if !ok {
		return nil
	}
	return &filesView{Files: store.Files(ns), ns: ns}
}

// parseNamespace names everything in the configuration a file's parse
// depends on besides its bytes; false when it cannot be named.
func parseNamespace(cfg *config.Config) ([32]byte, bool) {
	raw, err := configBytes(cfg)
	if err != nil {
		return [32]byte{}, false
	}
	// Every catalog the configuration adds, its packs' too: their names
	// are what the claims of a body and a dialect's clauses are read by.
	var digest string
	if fsys := catalog.FS(cfg.Known.Added()); fsys != nil {
		d, err := engine.DirDigest(fsys)
		if err != nil {
			return [32]byte{}, false
		}
		digest = d
	}
	return cache.Namespace(raw, []byte(strings.Join(cfg.Standards, "\x00")), []byte(digest)), true
}

// filesView is cache.Files with its namespace, which names a file's
// validation in this process (validating).
type filesView struct {
	*cache.Files
	ns [32]byte
}

// validating holds the validations under way in this process, by the
// namespace, path and content digest of the file: the two sides of a
// comparison load at the same time, and each used to validate the files
// both hold before the other had recorded its problems. The first to
// claim a file validates it; the other waits for its problems.
var validating struct {
	sync.Mutex
	m map[[32]byte]*validation
}

type validation struct {
	done chan struct{}
	ps   []model.Problem
	ok   bool
}

// Validations counts the documents and registers validated, for tests
// that hold a comparison to validating each distinct file once.
var Validations atomic.Int64

// validate checks the repository against the schemas, taking the problems
// of files validated before from the cache, or from another load of this
// process that is validating the same file. The problems come out in the
// order the validator gives them (documents, then registers, each file's
// together), whichever files were cached.
func validate(v *schema.Validator, repo *model.Repository, files *filesView) {
	if files == nil {
		Validations.Add(int64(len(repo.Documents) + len(repo.Registers)))
		v.Validate(repo)
		return
	}
	sums := make(map[string]string, len(repo.Files))
	for _, f := range repo.Files {
		sums[f.Path] = f.SHA256
	}
	known := map[string][]model.Problem{}
	fresh := &model.Repository{}
	claimed := map[string]*validation{}
	waiting := map[string]*validation{}
	var keys [][32]byte
	// claim reports whether this load validates rel itself.
	claim := func(rel string) bool {
		if ps, ok := files.Validated(rel); ok {
			known[rel] = ps
			return false
		}
		// Only what the loader parsed is its content alone: a Terraform
		// state's register is built with the configuration and may read
		// other files.
		sum := sums[rel]
		if sum == "" || !load.IsQMSFile(rel) {
			return true
		}
		k := cache.Namespace([]byte("validation"), files.ns[:], []byte(rel), []byte(sum))
		validating.Lock()
		defer validating.Unlock()
		if validating.m == nil {
			validating.m = map[[32]byte]*validation{}
		}
		if w, ok := validating.m[k]; ok {
			waiting[rel] = w
			return false
		}
		// Recorded by a load that finished since Validated was asked.
		if ps, ok := files.Validated(rel); ok {
			known[rel] = ps
			return false
		}
		c := &validation{done: make(chan struct{})}
		validating.m[k] = c
		claimed[rel] = c
		keys = append(keys, k)
		return true
	}
	// Whatever happens, the loads waiting for this one's files go on
	// (validating them themselves when it did not finish).
	defer func() {
		validating.Lock()
		for _, k := range keys {
			delete(validating.m, k)
		}
		validating.Unlock()
		for _, c := range claimed {
			select {
			case <-c.done:
			default:
				close(c.done)
			}
		}
	}()
	for _, d := range repo.Documents {
		if claim(d.File) {
			fresh.Documents = append(fresh.Documents, d)
		}
	}
	for _, r := range repo.Registers {
		if claim(r.File) {
			fresh.Registers = append(fresh.Registers, r)
		}
	}
	// check validates part's files, keeping each one's problems.
	check := func(part *model.Repository) {
		Validations.Add(int64(len(part.Documents) + len(part.Registers)))
		v.Validate(part)
		for _, p := range part.Problems {
			known[p.File] = append(known[p.File], p)
		}
		for _, d := range part.Documents {
			files.SetValidated(d.File, known[d.File])
		}
		for _, r := range part.Registers {
			files.SetValidated(r.File, known[r.File])
		}
	}
	check(fresh)
	for rel, c := range claimed {
		c.ps, c.ok = known[rel], true
		close(c.done)
	}
	if len(waiting) > 0 {
		// What the other side gave up on is validated here after all.
		failed := map[string]bool{}
		for rel, w := range waiting {
			<-w.done
			if !w.ok {
				failed[rel] = true
				continue
			}
			known[rel] = w.ps
			files.SetValidated(rel, w.ps)
		}
		again := subset(repo, failed)
		// Only the schemas' problems are to be added: the loader's are
		// the repository's already.
		again.Problems = nil
		check(again)
	}
	for _, d := range repo.Documents {
		repo.Problems = append(repo.Problems, known[d.File]...)
	}
	for _, r := range repo.Registers {
		repo.Problems = append(repo.Problems, known[r.File]...)
	}
	files.Flush()
}

// ReadHistory is history.Read, from the cache when there is one.
func ReadHistory(store *cache.Store, repo *gitrepo.Repo, c *object.Commit) (history.History, error) {
	if store == nil {
		return history.Read(repo, c)
	}
	return store.History(repo, c)
}

// configBytes is the configuration as written: whatever it sets is in
// the cache's keys.
func configBytes(cfg *config.Config) ([]byte, error) {
	if cfg.File == "" {
		return nil, nil
	}
	return os.ReadFile(cfg.File)
}

// keyContext adds to k what every run's results depend on besides the
// files: the configuration as written, the date, the standards asked for
// and in force, and the policy packs by digest (a pack without one spoils
// the key: what it holds cannot be named).
func keyContext(k *cache.Key, config []byte, date, standard string, standards []string, sources []engine.Source) {
	k.String(string(config)).String(date).String(standard).String(strings.Join(standards, "\x00"))
	for _, s := range sources {
		if !s.Builtin && s.Digest == "" {
			k.Spoil()
		}
		builtin := 0
		if s.Builtin {
			builtin = 1
		}
		k.String(s.Name).String(s.Digest).Int(builtin)
	}
}

// findingsKey names everything a run's findings depend on: this build
// (its rules, schemas, catalogs), the policy packs by digest, the
// configuration, the date and standards, the history, and the repository
// as loaded: every file by path and digest (also those read for a
// register's sake, as backup tools' output), every problem the loader
// met (a file it could not read, a link leaving the root), and which
// local links resolve. false when the run is not to be cached.
func findingsKey(opts Options, cfg *config.Config, sources []engine.Source, standards []string, date string, hist map[string]any, sums historySums, notes []string, repo *model.Repository) ([32]byte, bool) {
	if opts.Cache == nil || len(notes) > 0 {
		return [32]byte{}, false
	}
	k := cache.NewKey("findings")
	raw, err := configBytes(cfg)
	if err != nil {
		k.Spoil()
	}
	keyContext(k, raw, date, opts.Standard, standards, sources)
	// The history id by id, by the digests each file's digest reads too.
	if hist == nil {
		k.String("no history")
	} else {
		ids := slices.Sorted(maps.Keys(sums.sums))
		k.String("history").Int(len(ids))
		for _, id := range ids {
			sum := sums.sums[id]
			k.String(id).String(string(sum[:]))
		}
		if !sums.ok {
			k.Spoil()
		}
	}
	k.Int(len(repo.Files))
	for _, f := range repo.Files {
		k.String(f.Path).String(f.SHA256).String(f.Format)
	}
	k.Int(len(repo.Read))
	for _, f := range repo.Read {
		k.String(f.Path).String(f.SHA256)
	}
	k.Int(len(repo.Problems))
	for _, p := range repo.Problems {
		k.String(p.Rule).String(p.File).Int(p.Line).String(p.Subject).String(p.Msg)
	}
	for _, d := range repo.Documents {
		for _, l := range d.Links {
			if l.Local && l.Exists {
				k.String(l.Path)
			}
		}
	}
	return k.Sum()
}

// Side is a Git side of a comparison (a commit's tree, the index) named
// by what it is rather than by what it holds parsed, so that a side an
// earlier run linted gives its findings without a file loaded, a schema
// checked or the history read (docs/cache.md).
type Side struct {
	opts      Options
	cfg       *config.Config
	standards []string
	sources   []engine.Source
	key       [32]byte
}

// KeySide names the side checked out at opts.Root: tree digests its
// files by path and blob hash (inTree tells whether it holds a path),
// history names the history it is linted with (the commit and folder it
// was read for). The rest is what
// findingsKey holds but the repository as loaded: this build, the
// configuration as written and where it was found, the policy packs by
// digest, the date and the standards. Every file the run reads is in
// the checkout, so the tree determines them all. false without a cache,
// with a configuration given by flag (it may name files outside the
// side) or one that does not load (the run reports why).
func KeySide(opts Options, tree string, inTree func(rel string) bool, history string) (*Side, bool) {
	if opts.Cache == nil || opts.ConfigFile != "" || len(opts.Overlay) > 0 {
		return nil, false
	}
	cfg, err := config.Load(opts.Root, "")
	if err != nil {
		return nil, false
	}
	standards, err := runStandards(opts, cfg)
	if err != nil {
		return nil, false
	}
	sources, err := Sources(cfg, opts.Policies)
	if err != nil {
		return nil, false
	}
	raw, err := configBytes(cfg)
	if err != nil {
		return nil, false
	}
	// A configuration found above the checkout is not the side's: what
	// it names outside the checkout is in no key.
	var where string
	if cfg.File != "" {
		if where, err = filepath.Rel(opts.Root, cfg.File); err != nil || !inTree(filepath.ToSlash(where)) {
			return nil, false
		}
	}
	k := cache.NewKey("side").String(tree).String(history).String(where)
	keyContext(k, raw, opts.Date.Format("2006-01-02"), opts.Standard, standards, sources)
	key, ok := k.Sum()
	if !ok {
		return nil, false
	}
	return &Side{opts: opts, cfg: cfg, standards: standards, sources: sources, key: key}, true
}

// Key is the side's identity.
func (s *Side) Key() [32]byte { return s.key }

// Cached is the side's run as an earlier run left it: its findings (of
// opts.Only), configuration, rules and packs, without its repository,
// its input or (when the cache holds the rules' metadata) its engine.
// false when the cache does not know the side.
func (s *Side) Cached() (*Result, bool) {
	fs, ok := s.opts.Cache.Findings(s.key)
	if !ok {
		return nil, false
	}
	// The rules' metadata from the cache too: compiling the policies only
	// for it was half of a warm comparison. Without it, they compile.
	var eng *engine.Engine
	rules, ok := s.opts.Cache.Rules(rulesKey(s.sources))
	if !ok {
		var err error
		if eng, err = newEngine(s.sources); err != nil {
			return nil, false
		}
		rules = eng.Rules()
	}
	date := s.opts.Date.Format("2006-01-02")
	return &Result{
		Outcome: run.Outcome{
			Root:     s.opts.Root,
			Date:     date,
			Config:   s.cfg,
			Rules:    RulesInForce(rules, s.cfg, s.standards),
			Packs:    engine.Packs(s.sources),
			Findings: only(fs, s.opts.Only),
		},
		Engine:  eng,
		day:     s.opts.Date,
		timeout: s.opts.Timeout,
		only:    s.opts.Only,
		cache:   s.opts.Cache,
		key:     s.key,
		keyed:   true,
	}, true
}

// Keep records r, the side's run, under the side's identity, when its
// findings were cached under its own key: a run with notes (a history
// cut short), with no file at all (an error, not findings) or with a
// file that could not be read for now is not kept.
func (s *Side) Keep(r *Result) {
	if !r.keyed || r.Findings == nil || len(r.Notes) > 0 || r.Repo == nil || len(r.Repo.Files) == 0 {
		return
	}
	for _, p := range r.Repo.Problems {
		if p.Rule == model.RuleParseSkipped && strings.HasPrefix(p.Msg, "cannot read: ") {
			return
		}
	}
	if len(r.only) == 0 && r.encoded != nil {
		s.opts.Cache.PutEntry(s.key, r.encoded)
	} else {
		fs := r.Findings
		if len(r.only) > 0 {
			var ok bool
			if fs, ok = r.cache.Findings(r.key); !ok {
				return
			}
		}
		s.opts.Cache.PutFindings(s.key, fs)
	}
	// The engine's rules, not the run's: they are kept by the policies
	// alone, and the run's are as this configuration has them.
	if r.Engine != nil {
		s.opts.Cache.PutRules(rulesKey(s.sources), r.Engine.Rules())
	}
}

// rulesKey names the rules' metadata: this build's rules and the packs'
// by digest.
func rulesKey(sources []engine.Source) [32]byte {
	k := cache.NewKey("rules")
	for _, s := range sources {
		builtin := 0
		if s.Builtin {
			builtin = 1
		}
		k.String(s.Name).String(s.Digest).Int(builtin)
	}
	key, _ := k.Sum()
	return key
}
