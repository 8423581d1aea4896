package gitrepo_test

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
)

// Differs answers as comparing every blob of the commit with what the run
// read does, whether the work tree still holds that content or has moved
// on since the run.
func TestDiffers(t *testing.T) {
	g := gittest.New(t)
	g.Commit("2026-01-01", "seed", map[string]string{"qms/a.md": "A\n", "qms/b.md": "B\n", "other/c.md": "C\n"})
	repo, err := gitrepo.Open(filepath.Join(g.Dir, "qms"))
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Commit("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	sum := func(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }
	root := filepath.Join(g.Dir, "qms")
	tests := []struct {
		name string
		work map[string]string // the work tree after the run read sums
		sums map[string]string
		want bool
	}{
		{"as committed", nil, map[string]string{"a.md": sum("A\n"), "b.md": sum("B\n")}, false},
		{"read an edit", map[string]string{"qms/a.md": "A2\n"}, map[string]string{"a.md": sum("A2\n")}, true},
		{"read a new file", map[string]string{"qms/d.md": "D\n"}, map[string]string{"d.md": sum("D\n")}, true},
		{"read as committed, edited since", map[string]string{"qms/b.md": "B3\n"}, map[string]string{"b.md": sum("B\n")}, false},
		{"read an edit, reverted since", map[string]string{"qms/b.md": "B\n"}, map[string]string{"b.md": sum("B4\n")}, true},
		{"outside the root", nil, map[string]string{"c.md": sum("C\n")}, true},
	}
	for _, tt := range tests {
		g.Write(tt.work)
		got, err := repo.Differs(head, root, tt.sums)
		if err != nil || got != tt.want {
			t.Errorf("%s: Differs = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}
