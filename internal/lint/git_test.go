package lint

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/catalog/catalogtest"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
)

// openHead opens the repository at dir and its HEAD commit.
func openHead(t *testing.T, dir string) (*gitrepo.Repo, *object.Commit) {
	t.Helper()
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Commit("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	return repo, head
}

// The history taking the work tree's versions from the load's parse is
// the history read from every blob: on a repository whose versions are
// partly in the work tree (a renamed file, a registry, a file without
// front matter), partly only in commits, with a file whose work tree
// differs from the index and one whose index differs from HEAD.
func TestHistoryFromParsedFiles(t *testing.T) {
	g := gittest.New(t)
	b := "---\nid: DOC-B\nrevision: 1\n---\n# B\n"
	g.Commit("2026-01-01", "first", map[string]string{
		"a.md":       "---\nid: DOC-A\nrevision: 1\n---\n# A\n\nText.\n",
		"b.md":       b,
		"c.md":       "---\nid: DOC-C\nrevision: 1\nstatus: draft\n---\n# C\n",
		"plain.md":   "# No front matter\n",
		"risks.yaml": "id: RR-1\nkind: risk-register\nrevision: 1\nrisks: []\n",
		// The loader keeps the date as text, yaml.v3 alone (Ident) does not.
		"dated.md": "---\nid: DOC-D\nrevision: 2026-01-02\n---\n# D\n",
		// The loader reads a fence with trailing blanks; so must Ident.
		"spaced.md": "--- \nid: DOC-S\nrevision: 1\n---\n# S\n",
	})
	g.Commit("2026-02-01", "second", map[string]string{
		"a.md":              "---\nid: DOC-A\nrevision: 2\n---\n# A\n\nOther text.\n",
		"b.md":              "",
		"sub/b-renamed.md":  b,
		"c.md":              "---\nid: DOC-C\nrevision: 2\nstatus: approved\n---\n# C\n",
		"risks.yaml":        "id: RR-1\nkind: risk-register\nrevision: 2\nrisks: []\n",
		"spaced.md":         "--- \nid: DOC-S\nrevision: 2\n---\n# S\n",
		"sub/new-plain.md":  "# Another\n",
		"sub/register.yaml": "id: RR-2\nkind: risk-register\nrisks: []\n",
	})
	g.Commit("2026-03-01", "third", map[string]string{
		"a.md": "---\nid: DOC-A\nrevision: 3\n---\n# A\n\nThird text.\n",
	})
	g.Stage(map[string]string{"c.md": "---\nid: DOC-C\nrevision: 3\nstatus: draft\n---\n# C\n"})
	// The files were written in the instant the index was: Git calls
	// such entries racily clean and so does CleanBlobs. An index written
	// later makes them clean.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(g.Dir, ".git", "index"), later, later); err != nil {
		t.Fatal(err)
	}
	g.Write(map[string]string{"a.md": "---\nid: DOC-A\nrevision: 4\n---\n# A\n\nNot yet staged.\n"})

	repo, head := openHead(t, g.Dir)
	want, err := history.Read(repo, head)
	if err != nil {
		t.Fatal(err)
	}
	if len(want["DOC-S"]) != 2 || len(want["DOC-B"]) != 3 || len(want["RR-1"]) != 2 {
		t.Fatalf("history read from the blobs misses documents: %+v", want)
	}

	clean, err := repo.CleanBlobs()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := clean["a.md"]; ok {
		t.Error("a.md differs from its index entry but is called clean")
	}
	for _, p := range []string{"sub/b-renamed.md", "c.md", "plain.md", "risks.yaml", "spaced.md", "dated.md"} {
		if _, ok := clean[p]; !ok {
			t.Errorf("%s is clean but not in CleanBlobs", p)
		}
	}
	m, err := load.Load(g.Dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	known := parsedVersions(m, clean)
	hits := map[string]bool{}
	counting := func(p string, blob plumbing.Hash) (history.Doc, bool) {
		d, ok := known(p, blob)
		if ok {
			hits[p] = true
		}
		return d, ok
	}
	b0 := gitrepo.HistoryBlobsRead.Load()
	got, err := history.Start(repo, head).Finish(counting)
	someBlobs := gitrepo.HistoryBlobsRead.Load() - b0
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("history from the parsed files differs from the blobs':\n got %+v\nwant %+v", got, want)
	}
	// b.md's version is sub/b-renamed.md's blob; c.md's and a.md's are
	// not the work tree's; dated.md's revision is read from its blob.
	for _, p := range []string{"b.md", "sub/b-renamed.md", "plain.md", "risks.yaml", "spaced.md", "sub/register.yaml"} {
		if !hits[p] {
			t.Errorf("%s: a version in the work tree was read from its blob", p)
		}
	}
	for _, p := range []string{"a.md", "c.md", "dated.md"} {
		if hits[p] {
			t.Errorf("%s: a version not known from the parse was taken from it", p)
		}
	}
	b0 = gitrepo.HistoryBlobsRead.Load()
	if got, err := history.Start(repo, head).Finish(nil); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Finish(nil) = %+v, %v; want Read's", got, err)
	}
	if all := gitrepo.HistoryBlobsRead.Load() - b0; someBlobs >= all {
		t.Errorf("the history read %d blobs knowing the parse, %d without", someBlobs, all)
	}

	// With a cache across runs: a cold run computes it from the parse
	// and keeps it, a warm one takes the kept one; both are Read's.
	store := cache.Open(t.TempDir(), 0)
	for _, run := range []string{"cold", "warm"} {
		lastHistory.put("", nil) // the store's, not this process's
		need, parsed := make(chan bool, 1), make(chan *model.Repository, 1)
		need <- true
		parsed <- m
		hits, blobs := store.Hits.Load(), gitrepo.HistoryBlobsRead.Load()
		got, notes, _ := gitHistory(Options{Root: g.Dir, Cache: store}, &config.Config{}, need, parsed)
		if !reflect.DeepEqual(got, want.Input()) || len(notes) > 0 {
			t.Errorf("%s cache: history %+v (notes %q); want Read's", run, got, notes)
		}
		want := someBlobs
		if run == "warm" {
			want = 0
		}
		if n := gitrepo.HistoryBlobsRead.Load() - blobs; n != want {
			t.Errorf("%s cache: %d blobs read for the history, want %d: the parse knows the others", run, n, want)
		}
		if took := store.Hits.Load() > hits; took != (run == "warm") {
			t.Errorf("%s cache: history taken from the cache: %v", run, took)
		}
	}
}

// A lint walks the history only when an enabled rule reads input.history:
// with the built-in rules that do disabled, it walks none and finds what
// it found walking it; a pack's rule that reads it walks it again.
func TestHistoryWalkedOnlyForRulesThatReadIt(t *testing.T) {
	g := gittest.New(t)
	doc := "---\nid: SOP-001\nkind: sop\ntitle: Control of documents\nrevision: 1\nstatus: approved\nowner: QA\n---\n# Purpose\n\nText.\n"
	g.Commit("2026-01-01", "first", map[string]string{"sop.md": doc})
	g.Commit("2026-02-01", "second", map[string]string{"sop.md": strings.Replace(doc, "Text.", "Other text.", 1)})
	off := "rules:\n  doc.changed-after-approval: {disabled: true}\n  approval.self-approved: {disabled: true}\n  approval.commit-evidence: {disabled: true}\n"
	g.Write(map[string]string{".qmslint.yaml": off})
	day := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	run := func(opts Options) ([]byte, int64) {
		t.Helper()
		opts.Root, opts.Date = g.Dir, day
		n := HistoryWalks.Load()
		res, err := Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(res.Findings)
		if err != nil {
			t.Fatal(err)
		}
		return out, HistoryWalks.Load() - n
	}
	skipped, walks := run(Options{})
	if walks != 0 {
		t.Errorf("rules reading input.history disabled: %d walks, want none", walks)
	}
	kept, walks := run(Options{KeepHistory: true})
	if walks != 1 {
		t.Errorf("KeepHistory: %d walks, want 1", walks)
	}
	if string(skipped) != string(kept) {
		t.Errorf("findings without the history differ:\n%s\nwith it:\n%s", skipped, kept)
	}
	pack := t.TempDir()
	rule := "# METADATA\n# title: History seen\n# description: Reads the history.\n# custom:\n#   id: acme.history-seen\n#   severity: observation\n#   clauses: [ISO13485:4.2.4]\npackage acme.history_seen\n\ndeny contains {\"msg\": id, \"subject\": id} if some id, _ in input.history\n"
	if err := os.WriteFile(filepath.Join(pack, "seen.rego"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	out, walks := run(Options{Policies: []string{pack}})
	if walks != 1 || !strings.Contains(string(out), "acme.history-seen") {
		t.Errorf("a pack rule reading input.history: %d walks, findings %s", walks, out)
	}
	// The built-in rules as they come read it too.
	g.Write(map[string]string{".qmslint.yaml": ""})
	if _, walks := run(Options{}); walks != 1 {
		t.Errorf("default rules: %d walks, want 1", walks)
	}
}

// A process that lints the same HEAD again (the language server, after
// every edit) takes the history it read last, the same map, without the
// store; another HEAD is read again.
func TestHistoryOfTheSameHeadKept(t *testing.T) {
	g := gittest.New(t)
	doc := "---\nid: SOP-001\nkind: sop\ntitle: Control of documents\nrevision: 1\nstatus: approved\nowner: QA\n---\n# Purpose\n\nText.\n"
	g.Commit("2026-01-01", "first", map[string]string{"sop.md": doc})
	store := cache.Open(t.TempDir(), 0)
	read := func() (map[string]any, int64) {
		t.Helper()
		need, parsed := make(chan bool, 1), make(chan *model.Repository, 1)
		need <- true
		parsed <- nil
		reads := store.Reads.Load()
		h, _, err := gitHistory(Options{Root: g.Dir, Cache: store}, &config.Config{}, need, parsed)
		if err != nil || h == nil {
			t.Fatalf("history %v, %v", h, err)
		}
		return h, store.Reads.Load() - reads
	}
	lastHistory.put("", nil)
	first, _ := read()
	again, reads := read()
	if reflect.ValueOf(first).UnsafePointer() != reflect.ValueOf(again).UnsafePointer() || reads != 0 {
		t.Errorf("the same HEAD again: the same map %v, %d store reads; want the same map and none",
			reflect.ValueOf(first).UnsafePointer() == reflect.ValueOf(again).UnsafePointer(), reads)
	}
	g.Commit("2026-02-01", "second", map[string]string{"sop.md": strings.Replace(doc, "Text.", "Other text.", 1)})
	next, _ := read()
	if len(next["SOP-001"].([]any)) != 2 || len(first["SOP-001"].([]any)) != 1 {
		t.Errorf("after a commit: %d versions (want 2), the first map kept %d (want 1)", len(next["SOP-001"].([]any)), len(first["SOP-001"].([]any)))
	}
}

// A history's digests are kept beside it in the cache: a run that takes
// the history from the cache (another process, a side of the next
// comparison) takes its digests too and names nothing, and they are the
// digests of that history. Digests that do not name the history's ids
// are made again.
func TestHistoryDigestsKeptWithTheHistory(t *testing.T) {
	g := gittest.New(t)
	doc := "---\nid: SOP-001\nkind: sop\ntitle: Control of documents\nrevision: 1\nstatus: approved\nowner: QA\n---\n# Purpose\n\nText.\n"
	g.Commit("2026-01-01", "first", map[string]string{"sop.md": doc, "wi.md": strings.Replace(doc, "SOP-001", "WI-001", 1)})
	g.Commit("2026-02-01", "second", map[string]string{"sop.md": strings.Replace(doc, "Text.", "Other text.", 1)})
	repo, head := openHead(t, g.Dir)
	store := cache.Open(t.TempDir(), 0)
	newProcess := func() {
		historyMemo.Lock()
		historyMemo.last = [2]namedHistory{}
		historyMemo.Unlock()
		lastHistory.put("", nil)
	}
	side := func(what string, namings int64) historySums {
		t.Helper()
		newProcess()
		n := HistoryNamings.Load()
		in, err := SideHistory(store, repo, head, func() history.Known { return nil })
		if err != nil || len(in) != 2 {
			t.Fatalf("%s: history %v, %v", what, in, err)
		}
		sums := historyDigestsOnce(in)
		if got := HistoryNamings.Load() - n; got != namings {
			t.Errorf("%s: the history named %d times, want %d", what, got, namings)
		}
		if want := historyDigests(in); !reflect.DeepEqual(sums, want) || !sums.ok {
			t.Errorf("%s: digests %v, want those of the history %v", what, sums, want)
		}
		return sums
	}
	cold := side("walked", 1)
	if warm := side("from the cache", 0); !reflect.DeepEqual(warm, cold) {
		t.Errorf("digests from the cache %v, named when walked %v", warm, cold)
	}
	// A plain lint of the work tree takes them too.
	newProcess()
	n := HistoryNamings.Load()
	need, parsed := make(chan bool, 1), make(chan *model.Repository, 1)
	need <- true
	parsed <- nil
	in, _, err := gitHistory(Options{Root: g.Dir, Cache: store}, &config.Config{}, need, parsed)
	if err != nil || !reflect.DeepEqual(historyDigestsOnce(in), cold) || HistoryNamings.Load() != n {
		t.Errorf("work tree from the cache: named %d times (want 0), digests %v", HistoryNamings.Load()-n, historyDigestsOnce(in))
	}
	store.PutHistorySums(repo, head, map[string][32]byte{"SOP-001": cold.sums["SOP-001"]})
	if again := side("kept digests missing an id", 1); !reflect.DeepEqual(again, cold) {
		t.Errorf("digests made again %v, want %v", again, cold)
	}
}

// The built-in rules are compiled ahead only for a run that compiles
// them alone: not when the configuration or the command adds a policy
// pack or a catalog, nor when the configuration does not read (the run
// reports it).
func TestCompileAheadOnlyTheBuiltinRules(t *testing.T) {
	src := []byte(catalogtest.Raw(t))
	for _, tc := range []struct {
		name, config string
		policies     []string
		want         bool
	}{
		{"no configuration", "", nil, true},
		{"a configuration without packs", "standards: [ISO13485:2016]\n", nil, true},
		{"a pack in the configuration", "policies: [acme]\n", nil, false},
		{"a catalog in the configuration", "catalogs: [ahead.json]\nstandards: [ACMEIC:2026]\n", nil, false},
		{"a pack on the command line", "", []string{"acme"}, false},
		{"a configuration that does not read", "standards: [\n", nil, false},
	} {
		root := t.TempDir()
		if err := os.Mkdir(filepath.Join(root, "acme"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "ahead.json"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		if tc.config != "" {
			if err := os.WriteFile(filepath.Join(root, ".qmslint.yaml"), []byte(tc.config), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := CompileAhead(Options{Root: root, Policies: tc.policies}); got != tc.want {
			t.Errorf("%s: compiled ahead %v, want %v", tc.name, got, tc.want)
		}
	}
}
