package review

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/lint"
)

// GitSide is one end of a comparison before it is linted: a commit's
// tree or the index.
type GitSide struct {
	Side  Side
	Files gitrepo.Blobs
	// HistoryID names the history the side is linted with (the commit
	// and folder it is read for); History reads it, only when the side
	// is linted and a rule reads it (lint.Options.GitHistory: known
	// gives the versions the side parsed, lint.SideHistory).
	HistoryID string
	History   func(known func() history.Known) (map[string]any, error)
}

// Pair is both sides of a comparison linted, and their comparison when
// both did.
type Pair struct {
	Base, Head       *lint.Result
	BaseErr, HeadErr error
	Review           *Review
}

// ComparePair lints base and head and compares them. The base is linted
// without opts.Only: a finding is new only if the whole base lacks it.
//
// With a cache, each side is named by what it is (lint.KeySide: its
// files by blob hash, its history, the configuration, packs and date)
// and the comparison by both sides and the change: when the cache knows
// the comparison and both sides' findings, no file is loaded, no history
// read and no input built, and the review is what the earlier run
// found. Otherwise both sides are linted (their parsed files still from
// the cache), and kept under those names for the next run.
func ComparePair(ctx context.Context, repo *gitrepo.Repo, base, head GitSide, between func() (history.History, error), opts lint.Options) (*Pair, error) {
	opts = Shared(opts)
	gs := [2]GitSide{base, head}
	var (
		outs  [2]*lint.Result
		errs  [2]error
		cos   [2]*checkout
		sides [2]*lint.Side
		wg    sync.WaitGroup
	)
	defer func() {
		for _, c := range cos {
			if c != nil {
				c.cleanup()
			}
		}
	}()
	sideOpts := func(i int) lint.Options {
		o := opts
		if i == 0 {
			o.Only = nil
		}
		return o
	}
	// A shallow clone's history stops at its edge, and says so in a
	// note: such a run is never taken from the cache by name.
	named := !repo.IsShallow()
	each(&wg, func(i int) {
		c, err := checkOut(repo, gs[i].Files)
		if err != nil {
			errs[i] = err
			return
		}
		cos[i] = c
		if named {
			files := gs[i].Files
			inTree := func(rel string) bool { _, ok := files[rel]; return ok }
			sides[i], _ = lint.KeySide(c.options(nil, sideOpts(i)), treeDigest(files), inTree, gs[i].HistoryID)
		}
	}, &errs)
	var key [32]byte
	keyed := sides[0] != nil && sides[1] != nil
	if keyed {
		key = pairKey(repo, sides[0].Key(), sides[1].Key(), base.Side, head.Side)
		if p, ok := cachedPair(opts.Cache, key, sides, base.Side, head.Side); ok {
			return p, nil
		}
	}
	each(&wg, func(i int) {
		if errs[i] != nil {
			return
		}
		o := cos[i].options(nil, sideOpts(i))
		o.GitHistory = gs[i].History
		outs[i], errs[i] = lint.Run(ctx, o)
		if errs[i] == nil && sides[i] != nil {
			sides[i].Keep(outs[i])
		}
		if errs[i] == nil {
			// The change rules read them (ChangeInput), once the other
			// side is done too.
			outs[i].Prefetch(changeFields(outs[i]), "documents", "registers")
		}
	}, &errs)
	p := &Pair{Base: outs[0], Head: outs[1], BaseErr: errs[0], HeadErr: errs[1]}
	if p.BaseErr != nil || p.HeadErr != nil {
		return p, nil
	}
	bt, err := between()
	if err != nil {
		return nil, err
	}
	var change []finding.Finding
	p.Review, change, err = compareStates(ctx,
		State{base.Side, repo, base.Files, p.Base},
		State{head.Side, repo, head.Files, p.Head}, bt)
	if err != nil {
		return nil, err
	}
	if keyed {
		if b, err := encodePair(p.Review.Docs, change); err == nil {
			opts.Cache.PutEntry(key, b)
		}
	}
	return p, nil
}

// each runs f for both sides at once, a panic turned into that side's
// error (cli.Run's recover guards only its own goroutine).
func each(wg *sync.WaitGroup, f func(i int), errs *[2]error) {
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("internal error: %v", p)
				}
			}()
			f(i)
		}()
	}
	wg.Wait()
}

// cachedPair is the comparison an earlier run made of the same sides.
func cachedPair(store *cache.Store, key [32]byte, sides [2]*lint.Side, base, head Side) (*Pair, bool) {
	b, ok := store.Entry(key)
	if !ok {
		return nil, false
	}
	docs, change, err := decodePair(b)
	if err != nil {
		return nil, false
	}
	baseRes, ok := sides[0].Cached()
	if !ok {
		return nil, false
	}
	headRes, ok := sides[1].Cached()
	if !ok {
		return nil, false
	}
	rv := newReview(base, head, headRes)
	rv.Docs = docs
	rv.classify(baseRes, headRes, change)
	return &Pair{Base: baseRes, Head: headRes, Review: rv}, true
}

// treeDigest names a side's files by path and blob hash.
func treeDigest(files gitrepo.Blobs) string {
	k := cache.NewKey("tree").Int(len(files))
	for _, p := range slices.Sorted(maps.Keys(files)) {
		h := files[p]
		k.String(p).String(string(h[:]))
	}
	sum, _ := k.Sum()
	return string(sum[:])
}

// pairKey names a comparison: both sides, and the change between them
// (the refs, commits and dates, and the folder whose history between
// them names the commits of each document).
func pairKey(repo *gitrepo.Repo, base, head [32]byte, bs, hs Side) [32]byte {
	k := cache.NewKey("comparison").String(string(base[:])).String(string(head[:])).String(repo.Prefix)
	for _, s := range []Side{bs, hs} {
		k.String(s.Ref).String(s.Commit).String(s.Date)
	}
	key, _ := k.Sum()
	return key
}

var errPair = errors.New("not a comparison entry")

// encodePair keeps the changed documents (as JSON, which holds every
// field of a Doc) and the change rules' findings.
func encodePair(docs []Doc, change []finding.Finding) ([]byte, error) {
	j, err := json.Marshal(docs)
	if err != nil {
		return nil, err
	}
	b := binary.AppendUvarint(nil, uint64(len(j)))
	b = append(b, j...)
	return append(b, cache.EncodeFindings(change)...), nil
}

func decodePair(b []byte) ([]Doc, []finding.Finding, error) {
	n, w := binary.Uvarint(b)
	if w <= 0 || uint64(len(b)-w) < n {
		return nil, nil, errPair
	}
	var docs []Doc
	if err := json.Unmarshal(b[w:w+int(n)], &docs); err != nil {
		return nil, nil, errPair
	}
	change, err := cache.DecodeFindings(b[w+int(n):])
	if err != nil {
		return nil, nil, errPair
	}
	return docs, change, nil
}
