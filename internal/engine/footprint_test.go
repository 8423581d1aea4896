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

// A given is named by what it is computed from, and a phase's rules by
// the keys of input they, their givens and the documents of one kind
// read: an input of those keys alone is all they see.
func TestGivenFootprintsAndInputKeys(t *testing.T) {
	eng, err := New([]Source{{Name: "policies", FS: policies.FS, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	fp, ok := eng.GivenFootprint("data.qmslint.lib.people")
	if !ok || !slices.Equal(fp.Reads, []string{"registers"}) || len(fp.Givens) != 0 {
		t.Errorf("lib.people: %v %+v, want the registers alone", ok, fp)
	}
	if _, ok := eng.GivenFootprint("data.qmslint.lib.no_such_value"); ok {
		t.Error("an unknown given has a footprint")
	}
	phase := func(p string) func(Rule) bool { return func(r Rule) bool { return r.Phase == p } }
	if keys, ok := eng.InputKeys(phase(PhaseReview)); !ok || !slices.Equal(keys, []string{"change"}) {
		t.Errorf("the change rules read %v (%v), want input.change alone", keys, ok)
	}
	// The trace rules read the CAPA records and waivers: the documents
	// of those kinds come from input.documents through input.index.
	keys, ok := eng.InputKeys(phase(PhaseTrace))
	for _, want := range []string{"documents", "findings", "index", "registers"} {
		if !ok || !slices.Contains(keys, want) {
			t.Errorf("the trace rules read %v (%v), want %s among them", keys, ok, want)
		}
	}
	if slices.Contains(keys, "documents:capa") {
		t.Errorf("the trace rules' keys %v name a kind, not a key of input", keys)
	}
	pack, err := New([]Source{
		{Name: "policies", FS: policies.FS, Builtin: true},
		{Name: "pack", FS: fstest.MapFS{"w.rego": {Data: []byte(`# METADATA
# title: Whole
# description: A rule that reads the input whole.
# custom:
#   id: acme.whole
#   severity: minor
#   clauses: [ISO13485:4.2.4]
#   phase: trace
package acme.whole

deny contains "x" if count(input) > 99
`)}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if keys, ok := pack.InputKeys(phase(PhaseTrace)); ok {
		t.Errorf("a rule reading input whole: keys %v, want none named", keys)
	}
}
