package lint

import (
	"io/fs"
	"slices"
	"sync"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/policies"
)

// gitHistory is input.history when the root is in a Git repository with
// at least one commit, nil otherwise: rules must not fail on a plain
// directory or a fresh repository.
// In a shallow clone it is the history the clone holds, and a note says
// where it stops.
func gitHistory(opts Options) (map[string]any, []string) {
	if opts.History != nil || opts.NoHistory {
		return opts.History, nil
	}
	repo, err := gitrepo.Open(opts.Root)
	if err != nil {
		return nil, nil
	}
	head, err := repo.Commit("HEAD")
	if err != nil {
		return nil, nil
	}
	h, err := ReadHistory(opts.Cache, repo, head)
	switch {
	case history.Partial(err):
		return h.Input(), []string{"document history: " + err.Error()}
	case err != nil:
		return nil, nil
	}
	return h.Input(), nil
}

// only keeps the findings on the given files; none given keeps all.
func only(fs []finding.Finding, files []string) []finding.Finding {
	if len(files) == 0 {
		return fs
	}
	out := fs[:0:0]
	for _, f := range fs {
		if slices.Contains(files, f.File) {
			out = append(out, f)
		}
	}
	return out
}

// builtinEngine is the compiled built-in policy set, shared by the runs of
// one process: lint --staged and review lint two snapshots, and compiling
// the same embedded Rego twice is most of their time. Policy packs are
// read from disk and may change, so a run with packs compiles afresh.
var builtinEngine struct {
	sync.Mutex
	eng *engine.Engine
}

// Engine is the engine of sources, compiled once per process for the
// built-in rules alone: review's change rules, lint --staged, rules,
// explain and the coverage matrix use it too. Compiling the embedded
// Rego is most of a small run's time (and of the test suite's under
// -race); the Engine is read-only once compiled, so sharing it is safe.
func Engine(sources []engine.Source) (*engine.Engine, error) { return newEngine(sources) }

// BuiltinEngine is the engine of the built-in rules alone.
func BuiltinEngine() (*engine.Engine, error) {
	return newEngine([]engine.Source{{Name: "policies", FS: policies.FS, Builtin: true}})
}

func newEngine(sources []engine.Source) (*engine.Engine, error) {
	// Only the embedded tree itself is cached: a Builtin source may also be
	// a copy of it without its tests (policy test), which compiles to
	// another engine.
	if len(sources) != 1 || !sources[0].Builtin || sources[0].FS != fs.FS(policies.FS) {
		return engine.New(sources)
	}
	builtinEngine.Lock()
	defer builtinEngine.Unlock()
	if builtinEngine.eng == nil {
		eng, err := engine.New(sources)
		if err != nil {
			return nil, err
		}
		builtinEngine.eng = eng
	}
	return builtinEngine.eng, nil
}
