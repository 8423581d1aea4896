package cli

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
	goldenfile "github.com/qmslint/qmslint/internal/golden"
	"github.com/qmslint/qmslint/internal/qmsedit"
)

// TestEditsKeepCachedOutputsExact walks the reference QMS through a chain
// of random edits of the kinds people make (a date, a section dropped, an
// id renamed, a status flipped, a register value or line changed, a file
// deleted, copied or restored), committing every few steps so that the
// history moves too. After each step the pre-commit hook's run (lint
// --staged) and, after each commit, a full lint and a review of the last
// commit take what they can from the cache every earlier step left (per
// file, per group of rules, per given), and each must print exactly what
// the same command prints with --no-cache. The targeted tests hold one
// path of the cache each; this one holds their combinations.
func TestEditsKeepCachedOutputsExact(t *testing.T) {
	original := filesUnder(t, "../../qms", "qms/")
	g := gittest.New(t)
	g.Commit("2026-10-01", "seed", original)
	root := filepath.Join(g.Dir, "qms")
	env := map[string]string{cache.EnvDir: t.TempDir()}
	current := maps.Clone(original)
	rng := rand.New(rand.NewPCG(20261207, 1))
	var log []string
	compare := func(args ...string) {
		t.Helper()
		args = append(args, "--format", "json", "--fail-on", "never", "--date", "2026-11-24", root)
		want := runEnv(t, nil, append(slices.Clone(args), "--no-cache")...)
		if want.code != 0 {
			t.Fatalf("after %s: %v --no-cache: exit %d\n%s", strings.Join(log, "; "), args, want.code, want.stderr)
		}
		got := runEnv(t, env, args...)
		if got != want {
			t.Fatalf("after %s: %v: the cache changes the output:\n%s", strings.Join(log, "; "), args, goldenfile.FirstDiff(want.stdout+want.stderr, got.stdout+got.stderr))
		}
	}
	compare("lint")
	const steps, every = 12, 3
	for step := 1; step <= steps; step++ {
		change, what := qmsedit.Random(rng, current, original)
		log = append(log, what)
		g.Stage(change)
		for p, s := range change {
			if s == "" {
				delete(current, p)
			} else {
				current[p] = s
			}
		}
		compare("lint", "--staged")
		if step%every == 0 {
			g.Commit(fmt.Sprintf("2026-10-%02d", 1+step), fmt.Sprintf("step %d", step), nil)
			compare("lint")
			compare("review", "--base", "HEAD~1")
		}
	}
}
