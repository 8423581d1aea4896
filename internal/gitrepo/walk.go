package gitrepo

import (
	"errors"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/merkletrie"
)

// Commit is what a history entry says about the commit that made it.
type Commit struct {
	Hash    string
	Date    time.Time // author date: when the change was written
	Author  string
	Email   string // the author's e-mail: people registers map it to a person
	Message string // the subject line
	// Signed is true when the commit carries a signature (OpenPGP or
	// SSH). qmslint reads no keys: that the signature verifies is for
	// the Git host or git verify-commit to say.
	Signed bool
	// ApprovedBy are the values of the message's Approved-by: trailers
	// ("Name <e-mail>"), in order: companies that treat commits as
	// signatures record approvals so.
	ApprovedBy []string
}

// Change is one file under the QMS root changed by one commit. Before is
// nil for an added file, After nil for a deleted one.
type Change struct {
	Commit
	Path          string // relative to the QMS root
	Before, After []byte
	// BeforeBlob and AfterBlob are the sides' blob hashes, zero for a
	// side that does not exist: WalkBlobs reads neither side, so that a
	// caller who knows a version by its hash never reads it.
	BeforeBlob, AfterBlob plumbing.Hash
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
	return r.walk(from, stop, true, fn)
}

// WalkBlobs is Walk without reading a blob: every Change has its blob
// hashes and nil Before and After. HistoryBytes reads a side.
func (r *Repo) WalkBlobs(from *object.Commit, stop []*object.Commit, fn func(Change) error) error {
	return r.walk(from, stop, false, fn)
}

func (r *Repo) walk(from *object.Commit, stop []*object.Commit, read bool, fn func(Change) error) error {
	seen := map[plumbing.Hash]bool{}
	for _, s := range stop {
		if err := r.mark(s, seen); err != nil {
			return err
		}
	}
	shallow := r.shallow()
	prefix := strings.TrimSuffix(r.Prefix, "/")
	edge, err := r.ancestors(from, func(c *object.Commit) error {
		// A shallow commit's parent is not here, so what it changed is
		// unknown: it is not diffed against nothing (which would call
		// every file added).
		if seen[c.Hash] || c.NumParents() > 1 || shallow[c.Hash] {
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
		meta := Commit{
			Hash: c.Hash.String(), Date: c.Author.When, Author: c.Author.Name, Email: c.Author.Email, Message: subject(c.Message),
			Signed: strings.TrimSpace(c.PGPSignature) != "", ApprovedBy: Trailers(c.Message, "Approved-by"),
		}
		for _, ch := range changes {
			action, err := ch.Action()
			if err != nil {
				return err
			}
			// Blobs are read by hash after a size check: ch.Files would
			// read every blob whole first, however large.
			out := Change{Commit: meta}
			if action != merkletrie.Insert {
				if !ch.From.TreeEntry.Mode.IsFile() {
					continue
				}
				out.Path = ch.From.Name
				out.BeforeBlob = ch.From.TreeEntry.Hash
				if read {
					if out.Before, err = r.HistoryBytes(out.BeforeBlob); err != nil {
						return err
					}
				}
			}
			if action != merkletrie.Delete {
				if !ch.To.TreeEntry.Mode.IsFile() {
					continue
				}
				out.Path = ch.To.Name
				out.AfterBlob = ch.To.TreeEntry.Hash
				if read {
					if out.After, err = r.HistoryBytes(out.AfterBlob); err != nil {
						return err
					}
				}
			}
			if err := fn(out); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && len(edge) > 0 {
		return &ShallowError{Commits: edge}
	}
	return err
}

// HistoryBytes is a blob's content for the history, empty when it is over
// MaxBlobSize: such a file is no document, and is not read.
func (r *Repo) HistoryBytes(h plumbing.Hash) ([]byte, error) {
	HistoryBlobsRead.Add(1)
	// blob checks the size itself: a second lookup here was a third of
	// the history's time on a large repository.
	b, err := r.blob(h)
	if _, over := oversizeOf(b); over {
		return []byte{}, nil
	}
	return b, err
}

// HistoryBlobsRead counts the blobs HistoryBytes read, for tests that
// hold the history to reading only the versions a parse does not know.
var HistoryBlobsRead atomic.Int64

// mark records every commit reachable from c.
func (r *Repo) mark(c *object.Commit, seen map[plumbing.Hash]bool) error {
	_, err := r.ancestors(c, func(c *object.Commit) error {
		seen[c.Hash] = true
		return nil
	})
	return err
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

// Trailers returns the values of the trailers named key (any case) in the
// message's last paragraph, where Git writes trailers; a key that appears
// in the body elsewhere is text, not a trailer.
func Trailers(msg, key string) []string {
	msg = strings.TrimSpace(strings.ReplaceAll(msg, "\r\n", "\n"))
	i := strings.LastIndex(msg, "\n\n")
	if i < 0 {
		// A subject line alone has no trailers.
		return nil
	}
	var out []string
	for _, line := range strings.Split(msg[i+2:], "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), key) && strings.TrimSpace(v) != "" {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}
