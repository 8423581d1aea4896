package gittest

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// Shallow turns the repository into what git clone --depth 1 leaves: HEAD
// is listed in .git/shallow and the commits before it are gone (their
// trees and blobs may stay, as in a real clone they would not matter).
func (r *Repo) Shallow() {
	r.t.Helper()
	head, err := r.Git.Head()
	if err != nil {
		r.t.Fatal(err)
	}
	c, err := r.Git.CommitObject(head.Hash())
	if err != nil {
		r.t.Fatal(err)
	}
	var older []plumbing.Hash
	for p := c; p.NumParents() > 0; {
		next, err := p.Parent(0)
		if err != nil {
			r.t.Fatal(err)
		}
		older = append(older, next.Hash)
		p = next
	}
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "shallow"), []byte(head.Hash().String()+"\n"), 0o644); err != nil {
		r.t.Fatal(err)
	}
	for _, h := range older {
		s := h.String()
		if err := os.Remove(filepath.Join(r.Dir, ".git", "objects", s[:2], s[2:])); err != nil && !strings.Contains(err.Error(), "no such file") {
			r.t.Fatal(err)
		}
	}
}
