package engine

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qmslint/qmslint/policies"
)

// scopedRule is a pack rule declaring custom.scope: document over body.
func scopedRule(body string) string {
	return `# METADATA
# title: Scoped
# description: A pack rule judged file by file.
# custom:
#   id: acme.scoped
#   severity: minor
#   clauses: [ISO13485:4.2.4]
#   scope: document
package acme.scoped

import data.qmslint.lib

` + body + "\n"
}

// TestScopeDeclaration: custom.scope: document is read into the rule, and
// refused, naming the rule and what it reads, when the rule reads a value
// of the whole repository other than a given: the index or history
// itself, or the whole input in its own iteration. A library or own value
// read beside each file is a given, listed by ref.
func TestScopeDeclaration(t *testing.T) {
	cases := []struct {
		name, body, want string
		givens           []string
	}{
		{"per document", `deny contains d.id if { some d in lib.documents; not d.owner }`, "", nil},
		{"own iteration", `deny contains d.id if { some d in input.documents; not d.owner }`, "", nil},
		{"index", `deny contains k if { some k, _ in input.index.ids }`, "reads input.index", nil},
		{"history", `deny contains k if { some k, _ in input.history }`, "", nil},
		{"findings", `deny contains f.id if { some f in input.findings }`, "reads input.findings", nil},
		{"lib.ids", `deny contains d.id if { some d in lib.documents; d.id in lib.ids }`, "", []string{"data.qmslint.lib.ids"}},
		{"by id", `deny contains d.id if { some d in lib.documents; lib.document_by_id[d.owner] }`, "", []string{"data.qmslint.lib.document_by_id"}},
		{"people", `deny contains d.id if { some d in lib.documents; not lib.people_known }`, "", []string{"data.qmslint.lib.people"}},
		{"own value", "owners := {d.owner | some d in lib.documents}\ndeny contains d.id if { some d in lib.documents; d.id in owners }", "", []string{"data.acme.scoped.owners"}},
		{"own function", "mine(d) := [x | some x in lib.ids; x == d.id]\ndeny contains d.id if { some d in lib.documents; count(mine(d)) > 1 }", "", []string{"data.qmslint.lib.ids"}},
		{"function of the whole", `deny contains d.id if { some d in lib.documents; lib.commit_person(d) }`, "", []string{"data.qmslint.lib.people"}},
		{"whole input", `deny contains "x" if { count(input) > 99 }`, "reads input,", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng, err := New([]Source{
				{Name: "policies", FS: policies.FS, Builtin: true},
				{Name: "pack", FS: fstest.MapFS{"scoped.rego": {Data: []byte(scopedRule(c.body))}}},
			})
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if r, _ := eng.Rule("acme.scoped"); r.Scope != ScopeDocument {
					t.Errorf("scope %q, want %q", r.Scope, ScopeDocument)
				}
				if got := eng.Givens("acme.scoped"); !slices.Equal(got, c.givens) {
					t.Errorf("givens %q, want %q", got, c.givens)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "scoped.rego:1: custom.scope of acme.scoped: the rule reads ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one naming acme.scoped and %q", err, c.want)
			}
		})
	}
}

// TestScopeOfPhaseRules: a trace or review rule reads input.findings or
// input.change by definition; an unknown scope is a metadata error.
func TestScopeOfPhaseRules(t *testing.T) {
	for _, c := range []struct{ meta, want string }{
		{"#   scope: document\n#   phase: trace", "custom.phase trace"},
		{"#   scope: file", `custom.scope of acme.scoped: expected "document"`},
	} {
		src := strings.Replace(scopedRule(`deny contains "x" if false`), "#   scope: document", c.meta, 1)
		_, err := New([]Source{{Name: "pack", FS: fstest.MapFS{"scoped.rego": {Data: []byte(src)}}}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.meta, err, c.want)
		}
	}
}
