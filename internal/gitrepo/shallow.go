package gitrepo

import (
	"container/heap"
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ShallowError says that a walk of the history stopped at commits whose
// parents a shallow clone does not have. The walk has visited everything
// it could; the caller decides whether a partial history will do.
type ShallowError struct {
	// Commits are the commits whose parents are missing, abbreviated.
	Commits []string
}

func (e *ShallowError) Error() string {
	return fmt.Sprintf("the clone is shallow: the parents of commit %s are missing, so the history stops there; run git fetch --unshallow (actions/checkout: fetch-depth: 0) for all of it", strings.Join(e.Commits, ", "))
}

// shallow is the set of commits at the edge of a shallow clone, empty for
// a full one.
func (r *Repo) shallow() map[plumbing.Hash]bool {
	hs, err := r.git.Storer.Shallow()
	if err != nil || len(hs) == 0 {
		return nil
	}
	out := make(map[plumbing.Hash]bool, len(hs))
	for _, h := range hs {
		out[h] = true
	}
	return out
}

// IsShallow reports whether the repository is a shallow clone.
func (r *Repo) IsShallow() bool { return len(r.shallow()) > 0 }

// missing explains an object go-git could not find: in a shallow clone it
// is most likely beyond the clone's edge.
func (r *Repo) missing(err error, what string) error {
	if errors.Is(err, plumbing.ErrObjectNotFound) && r.IsShallow() {
		return fmt.Errorf("%s is not in this clone: the clone is shallow; run git fetch --unshallow (actions/checkout: fetch-depth: 0)", what)
	}
	return err
}

// commitQueue orders commits newest first by committer time, as git log
// does, and by hash on a tie so that walks are deterministic.
type commitQueue []*object.Commit

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	ti, tj := q[i].Committer.When, q[j].Committer.When
	if !ti.Equal(tj) {
		return ti.After(tj)
	}
	return q[i].Hash.String() < q[j].Hash.String()
}
func (q commitQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x any)   { *q = append(*q, x.(*object.Commit)) }
func (q *commitQueue) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// ancestors calls fn with every commit reachable from from, newest first,
// each once. It does not ask for the parents of a shallow commit (go-git's
// log does, and fails with "object not found"); those commits are
// returned instead.
func (r *Repo) ancestors(from *object.Commit, fn func(c *object.Commit) error) (edge []string, err error) {
	shallow := r.shallow()
	seen := map[plumbing.Hash]bool{from.Hash: true}
	q := &commitQueue{from}
	for q.Len() > 0 {
		c := heap.Pop(q).(*object.Commit)
		if err := fn(c); err != nil {
			return edge, err
		}
		if shallow[c.Hash] {
			edge = append(edge, c.Hash.String()[:8])
			continue
		}
		for _, h := range c.ParentHashes {
			if seen[h] {
				continue
			}
			seen[h] = true
			p, err := r.git.CommitObject(h)
			if err != nil {
				return edge, r.missing(err, "commit "+h.String()[:8])
			}
			heap.Push(q, p)
		}
	}
	return edge, nil
}
