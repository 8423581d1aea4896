package engine

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// A pack's rule never shares a query with built-in rules, even in the same
// area and over the same library, and the built-in queries come first.
func TestGroupKeepsPacksApart(t *testing.T) {
	rules := []Rule{
		{ID: "doc.custom", Package: "data.acme.doc_custom"},
		{ID: "doc.a", Package: "data.qmslint.rules.doc_a", Builtin: true},
		{ID: "cov.a", Package: "data.qmslint.rules.cov_a", Builtin: true},
		{ID: "cov.mine", Package: "data.acme.cov_mine"},
	}
	libs := map[string][]string{
		"data.qmslint.rules.cov_a": {"data.qmslint.lib.coverage"},
		"data.acme.cov_mine":       {"data.qmslint.lib.coverage"},
	}
	groups := group(rules, libs)
	if len(groups) != 4 {
		t.Fatalf("%d groups, want 4 (each rule alone): %v", len(groups), groups)
	}
	for i, g := range groups {
		if g[0].Builtin != (i < 2) {
			t.Errorf("group %d is %s; want the two built-in groups first", i, g[0].ID)
		}
	}
}

// Each guarded builtin refuses, before allocating, a result over the
// budget, with a Halt that stops the evaluation (not an undefined value
// the rule runs on with), and lets ordinary calls through.
func TestGuardedBuiltins(t *testing.T) {
	old := MemoryBudget()
	defer SetMemoryBudget(old)
	SetMemoryBudget(64 << 20)
	for _, q := range []string{
		`s := sprintf("%01048576d", [0]); x := concat("", [s | some _ in numbers.range(1, 100)])`,
		`x := numbers.range(1, 10000000)`,
		`x := numbers.range_step(1, 100000000, 2)`,
		`f := concat("", ["%01000000d" | some _ in numbers.range(1, 100)]); x := sprintf(f, [0 | some _ in numbers.range(1, 100)])`,
		`s := concat("", [sprintf("%01000000d", [0]) | some _ in numbers.range(1, 10)]); x := replace(s, "0", "0123456789")`,
		`s := concat("", [sprintf("%01000000d", [0]) | some _ in numbers.range(1, 10)]); x := strings.replace_n({"0": "0123456789"}, s)`,
		`s := sprintf("%01048576d", [0]); x := split(s, "")`,
		`a := numbers.range(1, 300000); x := array.concat(a, array.concat(a, array.concat(a, array.concat(a, a))))`,
		`x := net.cidr_expand("10.0.0.0/8")`,
		`x := net.cidr_expand("::/0")`,
		`x := strings.render_template("{{range .a}}{{range $.a}}{{range $.a}}xxxxxxxx{{end}}{{end}}{{end}}", {"a": numbers.range(1, 1000)})`,
	} {
		_, err := rego.New(rego.Query(q), rego.StrictBuiltinErrors(false)).Eval(context.Background())
		var me *MemoryError
		if !errors.As(err, &me) {
			t.Errorf("%s: err %v; want a MemoryError", q, err)
		}
	}
	rs, err := rego.New(rego.Query(`x := concat("-", ["a", "b"]); y := count(net.cidr_expand("10.0.0.0/30")); z := sprintf("%5d", [1]); t := strings.render_template("{{.x}}-{{.y}}", {"x": 1})`)).Eval(context.Background())
	if err != nil || len(rs) != 1 || rs[0].Bindings["x"] != "a-b" || !strings.Contains(rs[0].Bindings["z"].(string), "1") || rs[0].Bindings["t"] != "1-<undefined>" {
		t.Errorf("ordinary calls: %v, %v", rs, err)
	}
}

// reachablePaths finds what OPA's graph.reachable_paths finds, and stops
// at the budget on a graph whose paths are exponential in number.
func TestReachablePaths(t *testing.T) {
	for _, q := range []string{
		`{"a": {"b", "c"}, "b": {"c"}, "c": {"a"}, "d": set()}`,
		`{"a": ["b", "x"], "b": [], "c": {"a", "b"}}`,
		`{"1": {"2", "3"}, "2": {"3", "4"}, "3": {"4", "5"}, "4": {"5"}, "5": {"1"}}`,
	} {
		g := ast.MustParseTerm(q)
		for _, start := range []string{`{"a"}`, `["c", "d"]`, `{"1", "9"}`} {
			ops := []*ast.Term{g, ast.MustParseTerm(start)}
			var want, got *ast.Term
			if err := opaReachablePaths(topdown.BuiltinContext{}, ops, func(t *ast.Term) error { want = t; return nil }); err != nil {
				t.Fatal(err)
			}
			if err := reachablePaths(topdown.BuiltinContext{}, ops, func(t *ast.Term) error { got = t; return nil }); err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("%s from %s: %v, OPA finds %v", q, start, got, want)
			}
		}
	}
	old := MemoryBudget()
	defer SetMemoryBudget(old)
	SetMemoryBudget(64 << 20)
	q := `g := {sprintf("%d", [i]): {sprintf("%d", [i + 1]), sprintf("%d", [i + 2])} | some i in numbers.range(0, 60)}; x := graph.reachable_paths(g, {"0"})`
	_, err := rego.New(rego.Query(q)).Eval(context.Background())
	var me *MemoryError
	if !errors.As(err, &me) {
		t.Errorf("exponential paths: %v; want a MemoryError", err)
	}
}
