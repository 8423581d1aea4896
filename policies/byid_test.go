package policies

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/rego"
)

// TestByIDIsLinear: lib.by_id over two lists with the same ids (the two
// sides of input.change) takes about four times as long for four times
// the items, not sixteen. It kept the first item of each id through a
// function of the whole sorted list of pairs; OPA's function cache found
// the other side's equal list under the same hash and compared it whole
// on every call: 17 s of a lint --staged on 10,000 documents.
func TestByIDIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("times evaluations")
	}
	var opts []func(*rego.Rego)
	err := fs.WalkDir(FS, "lib", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		src, err := fs.ReadFile(FS, p)
		opts = append(opts, rego.Module(p, string(src)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	query := "[count(data.qmslint.lib.by_id(input.base)), count(data.qmslint.lib.by_id(input.head))]"
	pq, err := rego.New(append(opts, rego.Query(query))...).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The fastest of three runs, so that a busy machine slows a run
	// rather than the ratio.
	took := func(n int) time.Duration {
		side := func(s string) []any {
			xs := make([]any, n)
			for i := range xs {
				xs[i] = map[string]any{"id": fmt.Sprintf("ID-%05d", i), "side": s}
			}
			return xs
		}
		in := map[string]any{"base": side("base"), "head": side("head")}
		best := time.Duration(1 << 62)
		for range 3 {
			start := time.Now()
			rs, err := pq.Eval(context.Background(), rego.EvalInput(in))
			if err != nil || len(rs) != 1 {
				t.Fatalf("%v %v", rs, err)
			}
			if got, want := fmt.Sprint(rs[0].Expressions[0].Value), fmt.Sprint([]int{n, n}); got != want {
				t.Fatalf("by_id of %d items each: %s, want %s", n, got, want)
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	small, large := took(1000), took(4000)
	if ratio := float64(large) / float64(small); ratio > 9 {
		t.Errorf("by_id took %v for 1,000 items a side and %v for 4,000 (%.1f×): quadratic", small, large, ratio)
	}
}
