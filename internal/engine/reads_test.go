package engine

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/qmslint/qmslint/policies"
)

// readingRule is a pack's rule acme.<name> whose deny set is body's.
func readingRule(name, body string) string {
	return fmt.Sprintf(`# METADATA
# title: Reads
# description: Reads something of the input.
# custom:
#   id: acme.%[1]s
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package acme.%[1]s

import data.acme.lib

%[2]s
`, name, body)
}

func TestReads(t *testing.T) {
	pack := fstest.MapFS{
		"lib.rego": {Data: []byte("package acme.lib\n\nseen(id) if input.history[id]\n\nnames := {d.id | some d in object.get(input, \"documents\", [])}\n")},
		"direct.rego": {Data: []byte(readingRule("direct",
			`deny contains {"msg": id, "subject": id} if some id, _ in input.history`))},
		"library.rego": {Data: []byte(readingRule("library",
			`deny contains {"msg": id, "subject": id} if { some id in lib.names; lib.seen(id) }`))},
		"documents.rego": {Data: []byte(readingRule("documents",
			`deny contains {"msg": id, "subject": id} if some id in lib.names`))},
		"any.rego": {Data: []byte(readingRule("any",
			`deny contains {"msg": k, "subject": k} if { some k; input[k] == 1 }`))},
		"getany.rego": {Data: []byte(readingRule("getany",
			`deny contains {"msg": k, "subject": k} if { some k in ["a", "history"]; object.get(input, k, 0) == 1 }`))},
	}
	eng, err := New([]Source{{Name: "policies", FS: policies.FS, Builtin: true}, {Name: "acme", FS: pack}})
	if err != nil {
		t.Fatal(err)
	}
	readers := map[string]bool{}
	for _, r := range eng.Rules() {
		if eng.Reads(func(x Rule) bool { return x.ID == r.ID }, "input.history") {
			readers[r.ID] = true
		}
	}
	for _, id := range []string{
		// Directly, and through the library's revision_authors.
		"doc.changed-after-approval", "approval.self-approved", "approval.commit-evidence",
		"acme.direct", "acme.library", "acme.any", "acme.getany",
	} {
		if !readers[id] {
			t.Errorf("%s reads input.history, Reads says not", id)
		}
		delete(readers, id)
	}
	for id := range readers {
		t.Errorf("%s does not read input.history, Reads says it does", id)
	}
	if !eng.Reads(nil, "input.history") {
		t.Error("all rules together do not read input.history")
	}
	if !eng.Reads(func(r Rule) bool { return r.ID == "acme.documents" }, "input.documents") {
		t.Error("acme.documents reads input.documents through object.get, Reads says not")
	}
}
