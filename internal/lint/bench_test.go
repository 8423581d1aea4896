package lint

import (
	"context"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/policyinput"
	"github.com/qmslint/qmslint/internal/schema"
)

// corpusDate is late enough that only the corpus's planted overdue reviews
// are overdue.
var corpusDate = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)

const benchDocs = 10_000

var (
	corpusOnce sync.Once
	corpusDir  string
)

// corpus writes the benchmark corpus once per test binary.
func corpus(b *testing.B) string {
	// BENCH_CORPUS=dir measures another corpus, such as the one of
	// ../shared/bench (make bench-qms -keep leaves one).
	if dir := os.Getenv("BENCH_CORPUS"); dir != "" {
		return dir
	}
	corpusOnce.Do(func() {
		dir, err := os.MkdirTemp("", "qmslint-bench-")
		if err != nil {
			b.Fatal(err)
		}
		writeCorpus(b, dir, benchDocs)
		corpusDir = dir
	})
	return corpusDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if corpusDir != "" {
		os.RemoveAll(corpusDir)
	}
	os.Exit(code)
}

// BenchmarkLint is a full lint of 10,000 documents, as `qmslint lint` runs
// it, then each stage alone: load (walk, front matter, YAML, Markdown),
// schema validation, building the policy input, and policy evaluation.
func BenchmarkLint(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(GCPercent)) // as cmd/qmslint runs
	root := corpus(b)
	ctx := context.Background()
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			// A generous bound: the benchmark measures, the CLI's 30 s
			// default is for CI.
			res, err := Run(ctx, Options{Root: root, Date: corpusDate, Timeout: 5 * time.Minute})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(res.Findings)), "findings")
		}
	})
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, err := load.Load(root, load.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	repo, err := load.Load(root, load.Options{})
	if err != nil {
		b.Fatal(err)
	}
	v, err := schema.Default()
	if err != nil {
		b.Fatal(err)
	}
	loaded := repo.Problems
	b.Run("schema", func(b *testing.B) {
		for b.Loop() {
			repo.Problems = loaded
			v.Validate(repo)
		}
	})
	cfg := config.Default()
	b.Run("input", func(b *testing.B) {
		for b.Loop() {
			in := policyinput.Build(repo, policyinput.Options{Date: "2026-12-31", Standards: cfg.Standards})
			if _, err := policyinput.Value(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	sources, err := Sources(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("compile", func(b *testing.B) {
		for b.Loop() {
			if _, err := engine.New(sources); err != nil {
				b.Fatal(err)
			}
		}
	})
	eng, err := engine.New(sources)
	if err != nil {
		b.Fatal(err)
	}
	// Each evaluation gets a freshly converted input, as a real run does:
	// OPA sorts an object's keys on first use and keeps them, so evaluating
	// one value again measures about half the real cost.
	fresh := func(b *testing.B) ast.Value {
		b.StopTimer()
		defer b.StartTimer()
		v, err := policyinput.Value(policyinput.Build(repo, policyinput.Options{Date: "2026-12-31", Standards: cfg.Standards}))
		if err != nil {
			b.Fatal(err)
		}
		return v
	}
	evalBench := func(enabled func(engine.Rule) bool) func(b *testing.B) {
		return func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				value := fresh(b)
				q, err := eng.Prepare(ctx, enabled, time.Minute)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := q.Eval(ctx, value, corpusDate); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	// The document-control rules of the foundation alone: what evaluation
	// costs before the rule packs of later areas are added.
	b.Run("eval-doc", evalBench(func(r engine.Rule) bool {
		return strings.HasPrefix(r.ID, "doc.") || strings.HasPrefix(r.ID, "parse.") || strings.HasPrefix(r.ID, "schema.")
	}))
	b.Run("eval", evalBench(func(r engine.Rule) bool { return r.Phase == "" }))
}

// BenchmarkRules evaluates each rule alone over the corpus, to find the
// rule that dominates evaluation: go test -bench Rules -benchtime 1x.
func BenchmarkRules(b *testing.B) {
	ctx := context.Background()
	repo, cfg, eng, _ := loadedCorpus(b)
	value, err := policyinput.Value(policyinput.Build(repo, policyinput.Options{Date: "2026-12-31", Standards: cfg.Standards}))
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range eng.Rules() {
		b.Run(r.ID, func(b *testing.B) {
			q, err := eng.Prepare(ctx, func(x engine.Rule) bool { return x.ID == r.ID }, 20*time.Second)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := q.Eval(ctx, value, corpusDate); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// loadedCorpus loads the corpus and compiles the built-in policies, as a
// lint does before evaluating.
func loadedCorpus(b *testing.B) (*model.Repository, *config.Config, *engine.Engine, []engine.Source) {
	repo, err := load.Load(corpus(b), load.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cfg := config.Default()
	sources, err := Sources(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	eng, err := engine.New(sources)
	if err != nil {
		b.Fatal(err)
	}
	return repo, cfg, eng, sources
}
