package gitrepo

import (
	"errors"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Commit is what a history entry says about the commit that made it.
type Commit struct {
	Hash    string
	Date    time.Time // author date: when the change was written
	Author  string
	Message string // the subject line
}

// Change is one file under the QMS root changed by one commit. Before is
// nil for an added file, After nil for a deleted one.
type Change struct {
	Commit
	Path          string // relative to the QMS root
	Before, After []byte
}

// Walk visits every non-merge commit reachable from from, newest first,
// and calls fn with each file under the QMS root that commit changed
// against its parent. Commits reachable from any of stop are not visited
// (the base of a review). A merge commit is skipped, as in `git log`: the
// commits it brings in are visited themselves, so a change is seen once.
//
// It is one pass over the history for every document at once; callers
// group the changes by document.
func (r *Repo) Walk(from *object.Commit, stop []*object.Commit, fn func(Change) error) error {
	seen := map[plumbing.Hash]bool{}
	for _, s := range stop {
		if err := r.mark(s, seen); err != nil {
			return err
		}
	}
	iter, err := r.git.Log(&git.LogOptions{From: from.Hash, Order: git.LogOrderCommitterTime})
	if err != nil {
		return err
	}
	defer iter.Close()
	prefix := strings.TrimSuffix(r.Prefix, "/")
	return iter.ForEach(func(c *object.Commit) error {
		if seen[c.Hash] || c.NumParents() > 1 {
			return nil
		}
		tree, err := r.subtree(c, prefix)
		if err != nil {
			return err
		}
		var parent *object.Tree
		if c.NumParents() == 1 {
			p, err := c.Parent(0)
			if err != nil {
				return err
			}
			if parent, err = r.subtree(p, prefix); err != nil {
				return err
			}
		}
		if tree == nil && parent == nil || tree != nil && parent != nil && tree.Hash == parent.Hash {
			return nil
		}
		changes, err := object.DiffTree(orEmpty(parent), orEmpty(tree))
		if err != nil {
			return err
		}
		meta := Commit{Hash: c.Hash.String(), Date: c.Author.When, Author: c.Author.Name, Message: subject(c.Message)}
		for _, ch := range changes {
			from, to, err := ch.Files()
			if err != nil {
				return err
			}
			out := Change{Commit: meta}
			if from != nil {
				out.Path = from.Name
				if out.Before, err = blobBytes(&from.Blob); err != nil {
					return err
				}
			}
			if to != nil {
				out.Path = to.Name
				if out.After, err = blobBytes(&to.Blob); err != nil {
					return err
				}
			}
			if err := fn(out); err != nil {
				return err
			}
		}
		return nil
	})
}

// mark records every commit reachable from c.
func (r *Repo) mark(c *object.Commit, seen map[plumbing.Hash]bool) error {
	iter, err := r.git.Log(&git.LogOptions{From: c.Hash})
	if err != nil {
		return err
	}
	defer iter.Close()
	return iter.ForEach(func(c *object.Commit) error {
		seen[c.Hash] = true
		return nil
	})
}

// subtree is the tree of the QMS root in commit c, nil when the root did
// not exist yet.
func (r *Repo) subtree(c *object.Commit, prefix string) (*object.Tree, error) {
	t, err := c.Tree()
	if err != nil {
		return nil, err
	}
	if prefix == "" {
		return t, nil
	}
	sub, err := t.Tree(prefix)
	if errors.Is(err, object.ErrDirectoryNotFound) || errors.Is(err, object.ErrEntryNotFound) {
		return nil, nil
	}
	return sub, err
}

func orEmpty(t *object.Tree) *object.Tree {
	if t == nil {
		return &object.Tree{}
	}
	return t
}

func subject(msg string) string {
	msg = strings.TrimSpace(msg)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}
