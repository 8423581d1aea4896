package lint

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/policyinput"
)

// BenchmarkRegoProfile evaluates the first-phase rules over the
// 10,000-document corpus in one query under OPA's profiler and prints the
// Rego lines that cost most, with how often each was evaluated: where to
// look when evaluation gets slower. RULES=coverage. limits it to the rules
// whose id starts so.
//
//	go test -run '^$' -bench RegoProfile -benchtime 1x ./internal/lint
func BenchmarkRegoProfile(b *testing.B) {
	repo, cfg, eng, sources := loadedCorpus(b)
	var body []string
	for _, r := range eng.Rules() {
		if r.Phase == "" && strings.HasPrefix(r.ID, os.Getenv("RULES")) {
			body = append(body, fmt.Sprintf("r%d = %s.deny", len(body), r.Package))
		}
	}
	if len(body) == 0 {
		b.Fatalf("no rule id starts with %q", os.Getenv("RULES"))
	}
	mods, data, err := engine.Modules(sources)
	if err != nil {
		b.Fatal(err)
	}
	for name := range mods {
		if strings.HasSuffix(name, "_test.rego") {
			delete(mods, name)
		}
	}
	c := ast.NewCompiler().WithCapabilities(engine.Capabilities())
	if c.Compile(mods); c.Failed() {
		b.Fatal(c.Errors)
	}
	pq, err := rego.New(rego.Compiler(c), rego.Store(inmem.NewFromObject(data)), rego.Query(strings.Join(body, "; "))).PrepareForEval(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	// In a Git work tree the input is the one a lint builds, with the
	// history the rules read (approval.self-approved, doc.changed-after-approval).
	build := func() map[string]any {
		return policyinput.Build(repo, policyinput.Options{Date: "2026-12-31", Standards: cfg.Standards})
	}
	if dir := os.Getenv("BENCH_CORPUS"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			build = func() map[string]any {
				r, err := Prepare(context.Background(), Options{Root: dir, Date: corpusDate})
				if err != nil {
					b.Fatal(err)
				}
				return r.Plain()
			}
		}
	}
	p := profiler.New()
	for b.Loop() {
		value, err := policyinput.Value(build())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := pq.Eval(context.Background(), rego.EvalParsedInput(value), rego.EvalQueryTracer(p), rego.EvalTime(corpusDate)); err != nil {
			b.Fatal(err)
		}
	}
	total := 0
	stats := p.ReportTopNResults(-1, []string{"total_time_ns", "num_eval"})
	for _, s := range stats {
		total += s.NumEval
	}
	fmt.Printf("%d expressions evaluated (per iteration: divide by b.N=%d); the costliest lines:\n", total, b.N)
	for _, s := range stats[:min(25, len(stats))] {
		fmt.Printf("%8.0f ms %9d evals  %s\n", float64(s.ExprTimeNs)/1e6, s.NumEval, s.Location)
	}
	byFile := map[string]int{}
	for _, s := range stats {
		byFile[s.Location.File] += s.NumEval
	}
	files := slices.SortedFunc(maps.Keys(byFile), func(a, b string) int { return cmp.Compare(byFile[b], byFile[a]) })
	fmt.Println("expressions evaluated, by file:")
	for _, f := range files[:min(15, len(files))] {
		fmt.Printf("%9d  %s\n", byFile[f], f)
	}
}
