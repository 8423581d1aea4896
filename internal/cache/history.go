package cache

import (
	"maps"
	"slices"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/history"
)

// History is history.Read(repo, c): a commit's history never changes, so
// the walk, which reads every commit and every changed document's blobs
// back to the root, is done once per commit and QMS root. A history cut
// short by a shallow clone is not kept, as fetching more would lengthen
// it.
func (s *Store) History(repo *gitrepo.Repo, c *object.Commit) (history.History, error) {
	if h, ok := s.CachedHistory(repo, c); ok {
		return h, nil
	}
	h, err := history.Read(repo, c)
	if err == nil {
		s.PutHistory(repo, c, h)
	}
	return h, err
}

// CachedHistory is the history of c kept by an earlier run, for a caller
// that computes it another way when there is none (from the files a lint
// parsed, history.Walk.Finish).
func (s *Store) CachedHistory(repo *gitrepo.Repo, c *object.Commit) (history.History, bool) {
	if b, ok := s.read(historyKey(repo, c)); ok {
		if h, err := decodeHistory(b); err == nil {
			s.Hits.Add(1)
			return h, true
		}
	}
	return nil, false
}

// PutHistory keeps h, which must equal history.Read(repo, c) in full (no
// shallow clone's partial history).
func (s *Store) PutHistory(repo *gitrepo.Repo, c *object.Commit, h history.History) {
	s.write(historyKey(repo, c), encodeHistory(h))
}

func historyKey(repo *gitrepo.Repo, c *object.Commit) [32]byte {
	return Namespace([]byte("history"), []byte(repo.Prefix), []byte(c.Hash.String()))
}

func encodeHistory(h history.History) []byte {
	e := &encoder{}
	e.length(len(h), h == nil)
	for _, id := range slices.Sorted(maps.Keys(h)) {
		e.str(id)
		list := h[id]
		e.length(len(list), list == nil)
		for _, x := range list {
			e.str(x.Commit)
			e.str(x.Date)
			e.str(x.Author)
			e.str(x.Email)
			e.str(x.Message)
			e.str(x.File)
			e.bool(x.Signed)
			e.strs(x.ApprovedBy)
			e.str(x.RevisionBefore)
			e.str(x.RevisionAfter)
			e.bool(x.Added)
			e.bool(x.Removed)
			e.bool(x.ContentChanged)
		}
	}
	return e.b
}

func decodeHistory(b []byte) (history.History, error) {
	d := &decoder{b: b}
	n := d.length()
	var h history.History
	if n >= 0 {
		h = make(history.History, n)
	}
	for i := 0; i < n && d.err == nil; i++ {
		id := d.str()
		m := d.length()
		var list []history.Entry
		if m >= 0 {
			list = make([]history.Entry, m)
		}
		for j := range list {
			list[j] = history.Entry{Commit: d.str(), Date: d.str(), Author: d.str(), Email: d.str(), Message: d.str(), File: d.str(),
				Signed: d.bool(), ApprovedBy: d.strs(),
				RevisionBefore: d.str(), RevisionAfter: d.str(), Added: d.bool(), Removed: d.bool(), ContentChanged: d.bool()}
		}
		h[id] = list
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return h, d.err
}

// HistorySums are the digests a caller named c's history by, id by id,
// kept beside it (PutHistorySums), so that a run taking the history from
// here need not encode it again to name it.
func (s *Store) HistorySums(repo *gitrepo.Repo, c *object.Commit) (map[string][32]byte, bool) {
	return readDecoded(s, historySumsKey(repo, c), decodeSums)
}

// PutHistorySums keeps the digests of c's history, which must be the
// history PutHistory keeps (never a shallow clone's, cut short), each
// the digest of one id's entries.
func (s *Store) PutHistorySums(repo *gitrepo.Repo, c *object.Commit, sums map[string][32]byte) {
	e := &encoder{b: make([]byte, 0, len(sums)*48)}
	e.length(len(sums), false)
	for _, id := range slices.Sorted(maps.Keys(sums)) {
		sum := sums[id]
		e.str(id)
		e.str(string(sum[:]))
	}
	s.write(historySumsKey(repo, c), e.b)
}

func historySumsKey(repo *gitrepo.Repo, c *object.Commit) [32]byte {
	return Namespace([]byte("history sums"), []byte(repo.Prefix), []byte(c.Hash.String()))
}

func decodeSums(b []byte) (map[string][32]byte, error) {
	d := &decoder{b: b}
	n := d.length()
	if n < 0 {
		return nil, errCorrupt
	}
	out := make(map[string][32]byte, n)
	for i := 0; i < n && d.err == nil; i++ {
		id, sum := d.str(), d.str()
		if len(sum) != 32 {
			return nil, errCorrupt
		}
		out[id] = [32]byte([]byte(sum))
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return out, d.err
}
