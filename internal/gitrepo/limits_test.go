package gitrepo_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
	"github.com/qmslint/qmslint/internal/load"
)

// The work tree's size limit holds for files read from Git: a 19 MB
// committed YAML is not read whole by Tree, Index or the history walk,
// and its materialised copy is skipped by the loader like the original.
func TestLargeBlobNotRead(t *testing.T) {
	if gitrepo.MaxBlobSize != load.MaxFileSize {
		t.Fatalf("MaxBlobSize %d differs from load.MaxFileSize %d", gitrepo.MaxBlobSize, load.MaxFileSize)
	}
	g := gittest.New(t)
	big := "items:\n" + strings.Repeat("  - {id: x, note: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}\n", 19<<20/52)
	g.Commit("2026-01-01", "seed", map[string]string{"qms/a.md": "A"})
	g.Commit("2026-01-02", "big", map[string]string{"qms/big.yaml": big})
	g.Commit("2026-01-03", "bigger", map[string]string{"qms/big.yaml": big + "# more\n"})
	repo, err := gitrepo.Open(filepath.Join(g.Dir, "qms"))
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Commit("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tree, err := repo.Tree(head)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Index(); err != nil {
		t.Fatal(err)
	}
	if err := repo.Walk(head, nil, func(gitrepo.Change) error { return nil }); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
		t.Errorf("reading a commit, the index and the history with a 19 MB file allocated %d MB", n>>20)
	}
	root, cleanup, err := repo.Materialize(tree)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	fi, err := os.Stat(filepath.Join(root, "big.yaml"))
	if err != nil || fi.Size() != int64(len(big)+len("# more\n")) {
		t.Fatalf("materialised big.yaml: %v, %v; want a file of the blob's size", fi, err)
	}
	r, err := load.Load(root, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range r.Problems {
		found = found || p.File == "big.yaml" && strings.Contains(p.Msg, "over the 10 MB limit")
	}
	if !found {
		t.Errorf("no skipped-file problem for big.yaml: %+v", r.Problems)
	}
}

// In a pack too: a packed blob's size comes with the object, so it is not
// asked for first (which opened the pack again per blob), and a large one
// is still not read whole.
func TestLargePackedBlobNotRead(t *testing.T) {
	g := gittest.New(t)
	big := "items:\n" + strings.Repeat("  - {id: x, note: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}\n", 19<<20/52)
	g.Commit("2026-01-01", "seed", map[string]string{"qms/a.md": "A"})
	g.Commit("2026-01-02", "big", map[string]string{"qms/big.yaml": big})
	if err := g.Git.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	// Only the pack holds the objects now.
	dirs, _ := filepath.Glob(filepath.Join(g.Dir, ".git", "objects", "[0-9a-f][0-9a-f]"))
	for _, d := range dirs {
		if err := os.RemoveAll(d); err != nil {
			t.Fatal(err)
		}
	}
	repo, err := gitrepo.Open(filepath.Join(g.Dir, "qms"))
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Commit("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tree, err := repo.Tree(head)
	if err != nil {
		t.Fatal(err)
	}
	var sides int
	err = repo.Walk(head, nil, func(c gitrepo.Change) error {
		if c.Path == "big.yaml" {
			sides++
			if len(c.After) != 0 {
				t.Errorf("history read big.yaml: %d bytes", len(c.After))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
		t.Errorf("reading a packed commit and history with a 19 MB file allocated %d MB", n>>20)
	}
	if sides != 1 || len(tree["a.md"]) != 1 {
		t.Errorf("walk saw big.yaml %d times, tree a.md %q", sides, tree["a.md"])
	}
}
