package policies_test

import (
	"context"
	"testing"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/policytest"
	"github.com/qmslint/qmslint/policies"
)

// TestRego runs every built-in rule's Rego unit tests under lint's
// restricted capabilities.
func TestRego(t *testing.T) {
	rep, err := policytest.Run(context.Background(), []engine.Source{{Name: "policies", FS: policies.FS, Builtin: true}}, policytest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Passed == 0 {
		t.Fatal("no Rego tests ran")
	}
	for _, r := range rep.Results {
		if !r.Pass {
			t.Errorf("%s:%d %s.%s failed %s%s", r.File, r.Line, r.Package, r.Name, r.Error, r.Output)
		}
	}
	t.Logf("%d Rego tests passed", rep.Passed)
}

// TestRulesCompile checks every built-in rule has valid metadata.
func TestRulesCompile(t *testing.T) {
	e, err := engine.New([]engine.Source{{Name: "policies", FS: policies.FS, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range e.Rules() {
		if !r.Builtin {
			t.Errorf("%s not marked built-in", r.ID)
		}
		if r.Description == "" {
			t.Errorf("%s: built-in rules need a description", r.ID)
		}
	}
}
