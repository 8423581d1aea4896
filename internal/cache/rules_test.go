package cache

import (
	"reflect"
	"testing"

	"github.com/qmslint/qmslint/internal/finding"
)

// TestRulesRoundTrip: the rules' metadata reads back as it was written,
// parameters' types and nil lists included, and rules whose parameters
// the cache cannot represent are not kept.
func TestRulesRoundTrip(t *testing.T) {
	s := Open(t.TempDir(), 0)
	rules := []finding.Rule{
		{ID: "doc.a", Title: "A", Description: "d", Severity: "minor", Clauses: []string{"ISO13485:4.2.4"}, Help: "h", Package: "data.qmslint.rules.doc.a", File: "a.rego", Line: 3, Builtin: true,
			Params: map[string]any{"months": 24, "ratio": 0.5, "kinds": []any{"procedure", int64(2)}, "nested": map[string]any{"on": true, "none": nil}}, Phase: "trace", Fix: "revision-bump"},
		{ID: "acme.b", Severity: "major", Clauses: []string{}, Locked: true},
		{ID: "acme.c"},
	}
	key := NewKey("test").String("rules")
	k, _ := key.Sum()
	if _, ok := s.Rules(k); ok {
		t.Fatal("an empty cache knows rules")
	}
	s.PutRules(k, rules)
	got, ok := s.Rules(k)
	if !ok {
		t.Fatal("the rules were not kept")
	}
	if !reflect.DeepEqual(got, rules) {
		t.Errorf("got %#v\nwant %#v", got, rules)
	}
	k2, _ := NewKey("test").String("odd").Sum()
	s.PutRules(k2, []finding.Rule{{ID: "x", Params: map[string]any{"f": func() {}}}})
	if _, ok := s.Rules(k2); ok {
		t.Error("rules with a parameter the cache cannot represent were kept")
	}
}
