package lint

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/engine"
)

// Options.Coverage evaluates the coverage matrix with the rules: Coverage
// then evaluates nothing more, and the matrix and the findings are those
// of a run that evaluates it on its own.
func TestCoverageWithTheRules(t *testing.T) {
	ctx := context.Background()
	run := func(with bool) (findings, matrix []byte, evals int64) {
		t.Helper()
		res, err := Run(ctx, Options{Root: filepath.Join("..", "..", "qms"), Date: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Coverage: with})
		if err != nil {
			t.Fatal(err)
		}
		n := engine.Evaluations.Load()
		cov, err := res.Coverage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		evals = engine.Evaluations.Load() - n
		if findings, err = json.Marshal(res.Findings); err != nil {
			t.Fatal(err)
		}
		if matrix, err = json.Marshal(cov); err != nil {
			t.Fatal(err)
		}
		return findings, matrix, evals
	}
	f1, m1, n1 := run(false)
	f2, m2, n2 := run(true)
	if n1 != 1 || n2 != 0 {
		t.Errorf("Coverage evaluated %d queries on its own, %d after the rules' query (want 1 and 0)", n1, n2)
	}
	if string(f1) != string(f2) {
		t.Error("the findings differ with the coverage matrix in the rules' query")
	}
	if string(m1) != string(m2) || len(m1) < 1000 {
		t.Errorf("the coverage matrix differs in the rules' query (%d bytes against %d)", len(m2), len(m1))
	}
}
