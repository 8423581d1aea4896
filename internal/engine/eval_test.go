package engine

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

// A library ref evaluates only built-in Rego, which the deadline does not
// bound (a large QMS on a slow machine must get its coverage matrix); once
// a pack adds Rego to the library's packages, the deadline holds again.
func TestEvalRefBoundsOnlyPacks(t *testing.T) {
	lib := fstest.MapFS{"lib.rego": {Data: []byte("package qmslint.lib.slow\n\nn := count([x | some x in numbers.range(1, 200000)])\n")}}
	ref := "data.qmslint.lib.slow.n"
	in := ast.MustParseTerm(`{}`).Value
	eng, err := New([]Source{{Name: "policies", FS: lib, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eng.EvalRef(context.Background(), ref, in, time.Now(), time.Nanosecond); err != nil {
		t.Errorf("built-in library ref under a 1ns timeout: %v", err)
	}
	pack := fstest.MapFS{"more.rego": {Data: []byte("package qmslint.lib.slow\n\nm := 1\n")}}
	eng, err = New([]Source{{Name: "policies", FS: lib, Builtin: true}, {Name: "pack", FS: pack}})
	if err != nil {
		t.Fatal(err)
	}
	var te *TimeoutError
	if _, err := eng.EvalRef(context.Background(), ref, in, time.Now(), time.Nanosecond); !errors.As(err, &te) {
		t.Errorf("library ref with pack Rego in it under a 1ns timeout: %v, want a TimeoutError", err)
	}
}

// A library value evaluated beside the rules (PrepareWith) is EvalRef's,
// goes into the query of the rules that use its library, and an undefined
// one leaves their findings as they are.
func TestPrepareWithValues(t *testing.T) {
	src := fstest.MapFS{
		"lib.rego": {Data: []byte("package qmslint.lib.tally\n\nreport := {\"n\": count(input.docs)}\n\nnever := 1 if false\n")},
		"rule.rego": {Data: []byte(`# METADATA
# title: Many
# description: Too many documents.
# custom:
#   id: tally.many
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package qmslint.rules.tally.many

import data.qmslint.lib.tally

deny contains {"msg": "many", "subject": "all"} if tally.report.n > 1
`)},
	}
	eng, err := New([]Source{{Name: "policies", FS: src, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	in := ast.MustParseTerm(`{"docs": [1, 2, 3]}`).Value
	ctx, now := context.Background(), time.Now()
	want, err := eng.EvalRef(ctx, "data.qmslint.lib.tally.report", in, now, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	values := []string{"data.qmslint.lib.tally.report", "data.qmslint.lib.tally.never"}
	q, err := eng.PrepareWith(ctx, nil, time.Minute, values)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.parts) != 1 {
		t.Errorf("%d queries; the value should share the query of the rule using its library", len(q.parts))
	}
	rs, vals, err := q.EvalValues(ctx, in, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Rule.ID != "tally.many" {
		t.Errorf("results %+v; want tally.many's one finding beside an undefined value", rs)
	}
	if got := fmt.Sprint(vals[values[0]]); got != fmt.Sprint(want) {
		t.Errorf("value %s; EvalRef gives %s", got, fmt.Sprint(want))
	}
	if _, ok := vals[values[1]]; ok {
		t.Errorf("an undefined value is given: %v", vals)
	}
	// With the rule disabled, the value is evaluated by a query of its own.
	q, err = eng.PrepareWith(ctx, func(Rule) bool { return false }, time.Minute, values[:1])
	if err != nil {
		t.Fatal(err)
	}
	if _, vals, err := q.EvalValues(ctx, in, now); err != nil || fmt.Sprint(vals[values[0]]) != fmt.Sprint(want) {
		t.Errorf("value alone: %v, %v; want %v", vals, err, want)
	}
}
