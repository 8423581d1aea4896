package engine

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/qmslint/qmslint/policies"
)

// Fields names what the built-in change rules read of a document,
// through the library they call, and not what they do not; a pack's rule
// among those asked about makes it give up.
func TestFields(t *testing.T) {
	pack := fstest.MapFS{"change.rego": {Data: []byte(`# METADATA
# title: Reads a change
# description: Reads every key of the head's documents.
# custom:
#   id: acme.change-keys
#   severity: minor
#   clauses: [ISO13485:4.2.4]
#   phase: review
package acme.change_keys

deny contains {"msg": k, "subject": k} if {
	some d in input.change.head.documents
	some k, _ in d
}
`)}}
	eng, err := New([]Source{{Name: "policies", FS: policies.FS, Builtin: true}, {Name: "acme", FS: pack}})
	if err != nil {
		t.Fatal(err)
	}
	builtinReview := func(r Rule) bool { return r.Phase == PhaseReview && r.Builtin }
	fields, ok := eng.Fields(builtinReview)
	if !ok {
		t.Fatal("Fields gives up on the built-in change rules")
	}
	// id through lib.by_id, the rest in the rules and change/lib.rego.
	for _, f := range []string{"id", "status", "clauses", "approvals", "by", "date", "effective", "superseded_by", "title", "pointer"} {
		if _, found := slices.BinarySearch(fields, f); !found {
			t.Errorf("the change rules read %q, Fields does not name it (%v)", f, fields)
		}
	}
	for _, f := range []string{"headings", "links", "risks", "assets", "owner", "review_due"} {
		if slices.Contains(fields, f) {
			t.Errorf("Fields names %q, which no change rule reads", f)
		}
	}
	if !slices.IsSorted(fields) {
		t.Errorf("Fields not sorted: %v", fields)
	}
	if _, ok := eng.Fields(func(r Rule) bool { return r.Phase == PhaseReview }); ok {
		t.Error("Fields names the fields a pack's rule reads, which it cannot know")
	}
}
