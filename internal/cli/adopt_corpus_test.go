package cli

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"

	"github.com/qmslint/qmslint/internal/adopt"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/schema"
)

// corporaDir holds real QMSs written by others (../shared/corpora beside
// the worktree); they are never copied into this repository.
const corporaDir = "../../../shared/corpora"

// TestAdoptCorpora runs init, lint, import and import --write on each
// corpus copied into a temporary Git repository, and logs the number of
// findings before init, after init and after import (go test -v).
func TestAdoptCorpora(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir(corporaDir)
	if err != nil {
		t.Skipf("no corpora at %s: %v", corporaDir, err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			adoptCorpus(t, filepath.Join(corporaDir, e.Name()))
		})
	}
}

func adoptCorpus(t *testing.T, src string) {
	r := gittest.New(t)
	// Copied by hand: gittest reads an empty content as a deletion, and
	// the corpora hold empty placeholder files.
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		dst := filepath.Join(r.Dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	wt, err := r.Git.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	r.Commit("2026-01-05", "corpus", nil)
	before := countFindings(t, r.Dir)

	if o := run(t, "init", r.Dir); o.code != ExitOK {
		t.Fatalf("init: exit %d\n%s", o.code, o.stderr)
	}
	r.Commit("2026-01-06", "config", map[string]string{".qmslint.yaml": mustRead(t, filepath.Join(r.Dir, ".qmslint.yaml"))})
	afterInit := countFindings(t, r.Dir)

	snapshot := readTree(t, r.Dir)
	o := run(t, "import", r.Dir)
	if o.code != ExitOK {
		t.Fatalf("import: exit %d\n%s", o.code, o.stderr)
	}
	if !equalTrees(snapshot, readTree(t, r.Dir)) {
		t.Fatal("import without --write changed files")
	}
	if o = run(t, "import", "--write", r.Dir); o.code != ExitOK {
		t.Fatalf("import --write: exit %d\n%s", o.code, o.stderr)
	}
	after := readTree(t, r.Dir)
	changed := map[string]bool{}
	for p, old := range snapshot {
		if now := after[p]; now != old {
			changed[p] = true
			if !bytes.Equal(adopt.Body([]byte(now)), adopt.Body([]byte(old))) {
				t.Errorf("%s: the body changed", p)
			}
		}
	}
	if len(changed) == 0 {
		t.Error("import --write changed nothing")
	}
	assertControlled(t, r.Dir, changed)
	if o = run(t, "import", r.Dir); o.stdout != "" {
		t.Errorf("second import shows a change:\n%.2000s", o.stdout)
	}
	afterImport := countFindings(t, r.Dir)
	t.Logf("%s: %d findings before init, %d after init, %d after import --write (%d files imported)", filepath.Base(src), before, afterInit, afterImport, len(changed))
}

// assertControlled checks every imported file is a controlled document
// whose front matter the schemas accept, read without the dialect.
func assertControlled(t *testing.T, root string, imported map[string]bool) {
	t.Helper()
	cfg, err := config.Load(root, "")
	if err != nil {
		t.Fatal(err)
	}
	repo, err := load.Load(root, load.Options{Ignore: cfg.Ignore, IgnoreBase: cfg.Dir})
	if err != nil {
		t.Fatal(err)
	}
	v, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	v.Validate(repo)
	for _, f := range repo.Files {
		if imported[f.Path] && !f.Controlled {
			t.Errorf("%s: not a controlled document after import", f.Path)
		}
	}
	for _, p := range repo.Problems {
		if imported[p.File] {
			t.Errorf("%s:%d: %s", p.File, p.Line, p.Msg)
		}
	}
}

func countFindings(t *testing.T, root string) int {
	t.Helper()
	o := run(t, "lint", "--format", "json", "--fail-on", "never", root)
	var out struct{ Findings []json.RawMessage }
	if err := json.Unmarshal([]byte(o.stdout), &out); err != nil {
		t.Fatalf("lint: exit %d: %v\n%s", o.code, err, o.stderr)
	}
	return len(out.Findings)
}

func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v || strings.Contains(k, ".qmslint-import-") {
			return false
		}
	}
	return true
}
