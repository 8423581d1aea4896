package engine

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestPrepareIsReused: the same rules and timeout give the query prepared
// before, which evaluates as a fresh one does; another rule set or
// timeout is prepared anew.
func TestPrepareIsReused(t *testing.T) {
	eng, err := New([]Source{{Name: "p", FS: fstest.MapFS{"r.rego": {Data: []byte(packRule)}}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	all := func(Rule) bool { return true }
	none := func(Rule) bool { return false }
	q1, err := eng.Prepare(ctx, all, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	q2, _ := eng.Prepare(ctx, all, time.Second)
	if q1 != q2 {
		t.Error("the same rule set was prepared twice")
	}
	if q3, _ := eng.Prepare(ctx, none, time.Second); q3 == q1 || len(q3.rules) != 0 {
		t.Error("another rule set got the cached query")
	}
	if q4, _ := eng.Prepare(ctx, all, 2*time.Second); q4 == q1 {
		t.Error("another timeout got the cached query")
	}
	in := ast.MustParseTerm(`{"documents": []}`).Value
	r1, err1 := q1.Eval(ctx, in, time.Now())
	r2, err2 := q2.Eval(ctx, in, time.Now())
	if err1 != nil || err2 != nil || len(r1) != len(r2) {
		t.Errorf("cached query evaluates differently: %v %v, %d and %d results", err1, err2, len(r1), len(r2))
	}
}

// TestRulesIsACopy: a caller that re-grades or reorders the rules (qmslint
// rules applies .qmslint.yaml's severities) does not change the engine,
// which the whole process shares.
func TestRulesIsACopy(t *testing.T) {
	eng, err := New([]Source{{Name: "p", FS: fstest.MapFS{"r.rego": {Data: []byte(packRule)}}}})
	if err != nil {
		t.Fatal(err)
	}
	rs := eng.Rules()
	want := rs[0].Severity
	rs[0].Severity = "changed"
	if got := eng.Rules()[0].Severity; got != want {
		t.Errorf("severity %q after a caller changed its copy, want %q", got, want)
	}
}
