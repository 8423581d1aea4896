package engine

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/qmslint/qmslint/policies"
)

// TestFootprints: a repository-scoped rule's footprint names the parts of
// the input it reads, through the library, stopping at the values
// declared custom.given: value (read by value) and at the documents of
// one kind; a read by a key known only at evaluation cannot be named.
func TestFootprints(t *testing.T) {
	cases := []struct {
		name, body    string
		ok            bool
		reads, givens []string
	}{
		{"registers and a threshold", `deny contains r.id if {
	some r in input.registers
	t := lib.threshold("acme.fp", "max_days", "fp_max_days", 7)
	count(r) > t.value
}`, true, []string{"config", "registers"}, []string{"data.qmslint.lib._param_declarations"}},
		{"one kind", `deny contains c.id if { some c in lib.documents_of_kind.capa; not c.owner }`, true, []string{"documents:capa"}, nil},
		{"documents", `deny contains d.id if { some d in lib.documents; not d.owner }`, true, []string{"documents", "index"}, nil},
		{"the ids", `deny contains r.id if { some r in input.registers; not r.id in lib.ids }`, true, []string{"registers"}, []string{"data.qmslint.lib.ids"}},
		{"a key known at evaluation", `deny contains k if { some k in ["documents", "registers"]; count(input[k]) > 9 }`, false, nil, nil},
		{"input whole", `deny contains "x" if { count(input) > 99 }`, false, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := `# METADATA
# title: Footprint
# description: A pack rule of the whole repository.
# custom:
#   id: acme.fp
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package acme.fp

import data.qmslint.lib

` + c.body + "\n"
			eng, err := New([]Source{
				{Name: "policies", FS: policies.FS, Builtin: true},
				{Name: "pack", FS: fstest.MapFS{"fp.rego": {Data: []byte(src)}}},
			})
			if err != nil {
				t.Fatal(err)
			}
			fp, ok := eng.FootprintOf("acme.fp")
			if ok != c.ok {
				t.Fatalf("named %v, want %v (%+v)", ok, c.ok, fp)
			}
			if ok && (!slices.Equal(fp.Reads, c.reads) || !slices.Equal(fp.Givens, c.givens)) {
				t.Errorf("footprint %+v, want reads %q, givens %q", fp, c.reads, c.givens)
			}
		})
	}
	eng, err := New([]Source{{Name: "policies", FS: policies.FS, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	// The infrastructure rules read the registers and givens only: a
	// change to a procedure leaves them as they were.
	fp, ok := eng.FootprintOf("infra.backup-shares-building")
	if !ok || slices.Contains(fp.Reads, "documents") || !slices.Contains(fp.Reads, "registers") {
		t.Errorf("infra.backup-shares-building: %v %+v, want registers and givens only", ok, fp)
	}
	if _, ok := eng.FootprintOf("doc.not-approved"); ok {
		t.Error("a document-scoped rule has a footprint")
	}
}
