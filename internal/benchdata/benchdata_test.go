package benchdata_test

import (
	"context"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/benchdata"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/policyinput"
	"github.com/qmslint/qmslint/internal/schema"
)

const assets = 5000

var date = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

func repo(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := benchdata.Write(dir, assets); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// TestFindings checks the generated repository exercises the rules: the
// planted flaws are found, and only those.
func TestFindings(t *testing.T) {
	res, err := lint.Run(context.Background(), lint.Options{Root: repo(t), Date: date})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, f := range res.Findings {
		count[f.Rule]++
	}
	units := assets / benchdata.UnitSize
	want := map[string]int{
		"infra.backup-shares-building": units / 10,
		"infra.restore-test-stale":     units * benchdata.BackupsPerUnit / 7,
		"infra.dr-scenario-missing":    benchdata.Buildings / 2,
	}
	for rule, n := range want {
		if count[rule] != n {
			t.Errorf("%s: %d findings, want %d", rule, count[rule], n)
		}
	}
	for rule, n := range count {
		if strings.HasPrefix(rule, "infra.") || strings.HasPrefix(rule, "supplier.") {
			if _, ok := want[rule]; !ok {
				t.Errorf("unexpected %d %s findings", n, rule)
			}
		}
	}
}

// BenchmarkLint is the whole `qmslint lint` pipeline on 5,000 assets:
// load, schema validation, policy compilation and evaluation.
func BenchmarkLint(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(lint.GCPercent)) // as cmd/qmslint runs
	dir := repo(b)
	for b.Loop() {
		if _, err := lint.Run(context.Background(), lint.Options{Root: dir, Date: date}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEval is the policy evaluation alone (every built-in rule, in the
// queries engine.Prepare groups them into), the part that pairwise rules
// would make quadratic.
func BenchmarkEval(b *testing.B) {
	dir := repo(b)
	cfg := config.Default()
	sources, err := lint.Sources(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	eng, err := engine.New(sources)
	if err != nil {
		b.Fatal(err)
	}
	r, err := load.Load(dir, load.Options{})
	if err != nil {
		b.Fatal(err)
	}
	v, err := schema.Default()
	if err != nil {
		b.Fatal(err)
	}
	v.Validate(r)
	value, err := policyinput.Value(policyinput.Build(r, policyinput.Options{Date: benchdata.Date, Standards: cfg.Standards, Params: cfg.Params}))
	if err != nil {
		b.Fatal(err)
	}
	q, err := eng.Prepare(context.Background(), nil, 0)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := q.Eval(context.Background(), value, date); err != nil {
			b.Fatal(err)
		}
	}
}
