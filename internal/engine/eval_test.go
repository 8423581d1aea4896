package engine

import (
	"context"
	"errors"
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
