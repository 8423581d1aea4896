// Package gittest builds throw-away Git repositories with go-git for
// tests, so no test needs a git binary.
package gittest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Repo is a work tree under a test's temporary directory.
type Repo struct {
	t   testing.TB
	Dir string
	Git *git.Repository
}

// New initialises an empty repository.
func New(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	g, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{t: t, Dir: dir, Git: g}
}

// Write writes files (slash paths relative to the top) to the work tree;
// a nil content deletes the file.
func (r *Repo) Write(files map[string]string) {
	r.t.Helper()
	for p, content := range files {
		full := filepath.Join(r.Dir, filepath.FromSlash(p))
		if content == "" {
			if err := os.Remove(full); err != nil && !os.IsNotExist(err) {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// Stage writes files and adds them (or their deletion) to the index.
func (r *Repo) Stage(files map[string]string) {
	r.t.Helper()
	r.Write(files)
	wt, err := r.Git.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	for p, content := range files {
		if content == "" {
			if _, err := wt.Remove(p); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if _, err := wt.Add(p); err != nil {
			r.t.Fatal(err)
		}
	}
}

// Commit stages files and commits everything staged on day (YYYY-MM-DD).
func (r *Repo) Commit(day, msg string, files map[string]string) string {
	r.t.Helper()
	return r.CommitAs(day, As{Name: "Ann Author", Email: "ann@example.com", Message: msg}, files)
}

// As is who makes a commit, how it is worded and whether it is signed.
type As struct {
	Name, Email string
	// Message is the whole commit message (trailers included).
	Message string
	// Signature, when set, is stored as the commit's signature (gpgsig
	// header) as written: qmslint reads only that there is one, so a test
	// needs no key.
	Signature string
}

// CommitAs is Commit by someone else than the default author.
func (r *Repo) CommitAs(day string, as As, files map[string]string) string {
	r.t.Helper()
	r.Stage(files)
	wt, err := r.Git.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	when, err := time.Parse("2006-01-02", day)
	if err != nil {
		r.t.Fatal(err)
	}
	sig := &object.Signature{Name: as.Name, Email: as.Email, When: when.Add(12 * time.Hour)}
	h, err := wt.Commit(as.Message, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatal(err)
	}
	if as.Signature == "" {
		return h.String()
	}
	// Re-store the commit with the signature and move the branch to it.
	c, err := r.Git.CommitObject(h)
	if err != nil {
		r.t.Fatal(err)
	}
	c.PGPSignature = as.Signature
	obj := r.Git.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		r.t.Fatal(err)
	}
	signed, err := r.Git.Storer.SetEncodedObject(obj)
	if err != nil {
		r.t.Fatal(err)
	}
	head, err := r.Git.Head()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := r.Git.Storer.SetReference(plumbing.NewHashReference(head.Name(), signed)); err != nil {
		r.t.Fatal(err)
	}
	return signed.String()
}
