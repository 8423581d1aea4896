package policies

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
)

// lib.by_id over two lists with the same ids (the two sides of
// input.change) must stay linear in the items. It once kept the first
// item of each id through a function of the whole sorted list of pairs;
// OPA's function cache found the other side's equal list under the same
// hash and compared it whole on every call: 17 s of a lint --staged on
// 10,000 documents. The cost is Go-side hashing, which no count of
// evaluation steps shows, so it is watched by BenchmarkByID (1,000 and
// 4,000 items a side: about 4x apart when linear, 16x when quadratic;
// docs/performance.md), not by a timed assertion in a unit test.

// byIDQuery prepares the query over both sides with the library modules.
func byIDQuery(tb testing.TB) rego.PreparedEvalQuery {
	tb.Helper()
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
		tb.Fatal(err)
	}
	query := "[count(data.qmslint.lib.by_id(input.base)), count(data.qmslint.lib.by_id(input.head))]"
	pq, err := rego.New(append(opts, rego.Query(query))...).PrepareForEval(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return pq
}

// sides is two lists of n items with the same ids, and a duplicate of the
// first id on each side (by_id keeps the first).
func sides(n int) map[string]any {
	side := func(s string) []any {
		xs := make([]any, n, n+1)
		for i := range xs {
			xs[i] = map[string]any{"id": fmt.Sprintf("ID-%05d", i), "side": s}
		}
		return append(xs, map[string]any{"id": "ID-00000", "side": "duplicate"})
	}
	return map[string]any{"base": side("base"), "head": side("head")}
}

func TestByIDKeepsOneItemPerID(t *testing.T) {
	pq := byIDQuery(t)
	rs, err := pq.Eval(context.Background(), rego.EvalInput(sides(50)))
	if err != nil || len(rs) != 1 {
		t.Fatalf("%v %v", rs, err)
	}
	if got := fmt.Sprint(rs[0].Expressions[0].Value); got != "[50 50]" {
		t.Errorf("by_id of 50 ids a side, one duplicated: %s, want [50 50]", got)
	}
}

func BenchmarkByID(b *testing.B) {
	pq := byIDQuery(b)
	for _, n := range []int{1000, 4000} {
		in := sides(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := pq.Eval(context.Background(), rego.EvalInput(in)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
