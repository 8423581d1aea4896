package engine

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

const gradedRule = `# METADATA
# title: Graded
# description: Grades each finding itself.
# custom:
#   id: acme.graded
#   severity: major
#   clauses: [ISO13485:6.3]
package acme.graded

deny contains {"msg": "default", "subject": "a"}

deny contains {"msg": "lowered", "subject": "b", "severity": "minor"}

deny contains {"msg": "odd", "subject": "c", "severity": data.acme.odd} if data.acme.odd
`

func evalGraded(t *testing.T, data string) ([]Result, error) {
	t.Helper()
	fsys := fstest.MapFS{
		"graded.rego": {Data: []byte(gradedRule)},
		"data.json":   {Data: []byte(data)},
	}
	e, err := New([]Source{{Name: "pack", FS: fsys}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := e.Prepare(context.Background(), func(Rule) bool { return true }, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return q.Eval(context.Background(), ast.NewObject(), time.Now())
}

// A rule may give one finding a severity of its own; one it does not
// know is an error naming the rule, never a silent default.
func TestFindingSeverity(t *testing.T) {
	rs, err := evalGraded(t, `{"acme": {"odd": false}}`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rs {
		got[r.Subject] = r.Severity
	}
	if len(got) != 2 || got["a"] != "" || got["b"] != "minor" {
		t.Errorf("severities %v, want a: (rule default), b: minor", got)
	}
	for _, odd := range []string{`"critical"`, `3`, `""`} {
		_, err := evalGraded(t, `{"acme": {"odd": `+odd+`}}`)
		if err == nil || !strings.Contains(err.Error(), "acme.graded") || !strings.Contains(err.Error(), "expected major, minor or observation") {
			t.Errorf("severity %s: err = %v, want an error naming the rule", odd, err)
		}
	}
}
