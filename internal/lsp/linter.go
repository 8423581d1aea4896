package lsp

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/model"
)

// Run is what one evaluation of a repository gives the server: the
// findings to show, the repository to answer hovers, completions and
// definitions from, and the rules' metadata by id.
type Run struct {
	Findings []finding.Finding
	Repo     *model.Repository
	Rules    map[string]Rule
	// Catalogs are the standards the repository's configuration knows
	// (config.Config.Known); nil means the shipped ones.
	Catalogs *catalog.Set
}

// Rule is what the server needs of a rule's metadata.
type Rule struct {
	Help string // documentation link
	Fix  string // custom.fix: the mechanical edit that resolves a finding
}

// Linter evaluates the repository at root with overlay (paths relative to
// root → unsaved text) in place of the files on disk. It is the server's
// only tie to the pipeline, so that a change in how a run is computed is
// made here and nowhere else in this package.
type Linter func(ctx context.Context, root string, overlay map[string][]byte) (*Run, error)

// Pipeline is the Linter over internal/lint, judging as of now() (the
// server runs for days; "today" moves). The built-in policies are compiled
// once per process (lint's engine cache), so an evaluation pays only for
// loading and querying. store, when not nil, gives the cache across runs
// for a root (docs/cache.md), opened at the root's first evaluation and
// kept, with the parsed files of the last evaluation held in memory
// (cache.Store.Retained): an evaluation after a keystroke then parses the
// buffer alone, takes every other file as it was, and judges again only
// what the buffer can change, as the pre-commit hook does. An error from
// store stops the evaluation (and the next asks again).
func Pipeline(now func() time.Time, timeout time.Duration, store func(root string) (*cache.Store, error)) Linter {
	// One store per root for the server's life, retaining the parsed
	// files from one evaluation to the next (cache.Store.Retained).
	var mu sync.Mutex
	stores := map[string]*cache.Store{}
	storeOf := func(root string) (*cache.Store, error) {
		mu.Lock()
		defer mu.Unlock()
		if s, ok := stores[root]; ok {
			return s, nil
		}
		s, err := store(root)
		if err != nil {
			return nil, err
		}
		if s != nil {
			s = s.Retained()
		}
		stores[root] = s
		return s, nil
	}
	return func(ctx context.Context, root string, overlay map[string][]byte) (run *Run, err error) {
		// Evaluations run on the server's own goroutines, out of reach of
		// the CLI's recover: a bug costs one evaluation, not the editor's
		// server.
		defer func() {
			if p := recover(); p != nil {
				run, err = nil, fmt.Errorf("internal error while linting %s: %v (please report this)", root, p)
			}
		}()
		opts := lint.Options{Root: root, Date: now(), Timeout: timeout, Overlay: overlay}
		if store != nil {
			if opts.Cache, err = storeOf(root); err != nil {
				return nil, err
			}
		}
		res, err := lint.Run(ctx, opts)
		if err != nil {
			return nil, err
		}
		return &Run{Findings: res.Findings, Repo: res.Repo, Rules: rules(res.Rules), Catalogs: res.Config.Known}, nil
	}
}

func rules(rs []finding.Rule) map[string]Rule {
	out := make(map[string]Rule, len(rs))
	for _, r := range rs {
		out[r.ID] = Rule{Help: r.Help, Fix: r.Fix}
	}
	return out
}
