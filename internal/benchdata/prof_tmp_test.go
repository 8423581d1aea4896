package benchdata_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/policyinput"
)

func BenchmarkProfTmp(b *testing.B) {
	root := repo(b)
	rp, _ := load.Load(root, load.Options{})
	cfg, _ := config.Load(root, "")
	sources, _ := lint.Sources(cfg, nil)
	mods, data, _ := engine.Modules(sources)
	for k := range mods {
		if strings.HasSuffix(k, "_test.rego") {
			delete(mods, k)
		}
	}
	c := ast.NewCompiler()
	c.Compile(mods)
	value, _ := policyinput.Value(policyinput.Build(rp, policyinput.Options{Date: "2026-11-24", Standards: cfg.Standards, Params: cfg.Params}))
	p := profiler.New()
	pq, err := rego.New(rego.Compiler(c), rego.Store(inmem.NewFromObject(data)), rego.Query(os.Getenv("PROFQ"))).PrepareForEval(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		pq.Eval(context.Background(), rego.EvalParsedInput(value), rego.EvalQueryTracer(p))
	}
	for _, s := range p.ReportTopNResults(15, []string{"total_time_ns", "num_eval"}) {
		fmt.Printf("%10.0fms  eval=%8d  %s\n", float64(s.ExprTimeNs)/1e6, s.NumEval, s.Location)
	}
}
