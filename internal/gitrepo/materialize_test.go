package gitrepo_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
)

func TestTreeIndexAndMaterialize(t *testing.T) {
	g := gittest.New(t)
	g.Commit("2026-01-01", "seed", map[string]string{
		".qmslint.yaml":      "fail_on: major\n",
		"qms/a.md":           "A1",
		"qms/sub/b.yaml":     "B1",
		"other/c.md":         "C",
		"other/.qmslint.yml": "not an ancestor",
	})
	g.Stage(map[string]string{"qms/a.md": "A2", "qms/new.md": "N"})
	g.Write(map[string]string{"qms/sub/b.yaml": "work tree only"})
	repo, err := gitrepo.Open(filepath.Join(g.Dir, "qms"))
	if err != nil {
		t.Fatal(err)
	}
	if repo.Prefix != "qms/" || repo.Top != g.Dir {
		t.Fatalf("prefix %q top %q", repo.Prefix, repo.Top)
	}
	head, err := repo.Commit("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := repo.Tree(head)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := repo.Index()
	if err != nil {
		t.Fatal(err)
	}
	if string(tree["a.md"]) != "A1" || string(idx["a.md"]) != "A2" || string(idx["sub/b.yaml"]) != "B1" || string(idx["../.qmslint.yaml"]) != "fail_on: major\n" {
		t.Errorf("tree %q\nindex %q", tree, idx)
	}
	if _, ok := idx["../other/c.md"]; ok || len(idx) != 4 {
		t.Errorf("index holds files outside the root: %q", idx.Paths())
	}
	treeBlobs, err := repo.TreeBlobs(head)
	if err != nil {
		t.Fatal(err)
	}
	idxBlobs, err := repo.IndexBlobs()
	if err != nil {
		t.Fatal(err)
	}
	if got := repo.StagedChanges(treeBlobs, idxBlobs); len(got) != 2 || got[0] != "a.md" || got[1] != "new.md" {
		t.Errorf("staged changes = %q", got)
	}
	root, cleanup, err := repo.Materialize(idx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "..", ".qmslint.yaml"))
	if err != nil || string(b) != "fail_on: major\n" {
		t.Errorf("config above the root not materialised: %q %v", b, err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "sub", "b.yaml")); string(b) != "B1" {
		t.Errorf("materialised %q, want the staged B1", b)
	}
	cleanup()
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Errorf("cleanup left %s", root)
	}
	if _, err := gitrepo.Open(t.TempDir()); err == nil {
		t.Error("a plain directory opened as a repository")
	}
}

func BenchmarkMaterialize(b *testing.B) {
	files := gitrepo.Files{}
	src := filepath.Join("..", "..", "qms")
	_ = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(src, p)
			files[filepath.ToSlash(rel)], _ = os.ReadFile(p)
		}
		return nil
	})
	repo := &gitrepo.Repo{Prefix: "qms/"}
	for i := 0; i < b.N; i++ {
		_, cleanup, err := repo.Materialize(files)
		if err != nil {
			b.Fatal(err)
		}
		cleanup()
	}
}
