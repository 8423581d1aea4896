package catalog_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/catalog"
)

const minimal = `{
 "id": "TSTX:2026", "standard": "TSTX", "edition": "2026", "name": "Test controls 2026",
 "grammar": {"clause": "^[1-9](\\.[0-9]+)?$"},
 "names": {"publishers": ["TST"], "designation": "X"},
 "editions": ["2026"],
 "groups": {"1": "One"},
 "clauses": {
  "1": {"title": "One", "parent": null, "group": "1"},
  "1.1": {"title": "One one", "parent": "1", "group": "1"}
 }
}`

// A broken catalog is a one-line error naming the file and what is wrong,
// never a catalog with a clause silently dropped.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"malformed grammar", `"^[1-9](\\.[0-9]+)?$"`, `"^[1-9(\\.[0-9]+)?$"`, `catalog x.json: grammar.clause "^[1-9(\\.[0-9]+)?$" is not a regular expression`},
		{"duplicate clause", `"1.1": {"title": "One one"`, `"1": {"title": "Again", "parent": null, "group": "1"}, "1.1": {"title": "One one"`, `catalog x.json: clause "1" is listed twice`},
		{"clause against its grammar", `"1.1": {`, `"1.1.1": {`, `catalog x.json: clause "1.1.1" does not match grammar.clause`},
		{"missing parent", `"parent": "1", "group"`, `"parent": "2", "group"`, `catalog x.json: clause 1.1: parent "2" is not a clause of the catalog`},
		{"id without standard", `"id": "TSTX:2026"`, `"id": "OTHER:2026"`, `catalog x.json: id "OTHER:2026": expected TSTX:<edition>`},
		{"standard with a colon", `"standard": "TSTX"`, `"standard": "TS:TX"`, `catalog x.json: standard "TS:TX"`},
		{"no grammar", `"grammar": {"clause": "^[1-9](\\.[0-9]+)?$"},`, ``, `catalog x.json: grammar.clause: expected a regular expression`},
		{"not JSON", `"clauses": {`, `"clauses": {,`, `catalog x.json: invalid character`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(minimal, tc.from, tc.to, 1)
			if src == minimal {
				t.Fatalf("the case changes nothing")
			}
			_, err := catalog.Parse([]byte(src), "x.json")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v, want one line starting %q", err, tc.want)
			}
		})
	}
	if _, err := catalog.Parse([]byte(minimal), "x.json"); err != nil {
		t.Fatalf("the minimal catalog: %v", err)
	}
}

func TestWith(t *testing.T) {
	c, err := catalog.Parse([]byte(minimal), "a/x.json")
	if err != nil {
		t.Fatal(err)
	}
	set, err := catalog.Builtin().With(c)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := catalog.Parse([]byte(minimal), "b/x.json")
	if same, err := set.With(again); err != nil || !slices.Equal(same.IDs(), set.IDs()) {
		t.Errorf("the same catalog twice: %v, %v", err, same.IDs())
	}
	if !set.Known("TSTX", "1.1") || !slices.Contains(set.IDs(), "TSTX:2026") || len(set.Added()) != 1 || set.Added()[0] != c {
		t.Errorf("TSTX:2026 not known in the set made with it: %v", set.IDs())
	}
	if catalog.Known("TSTX", "1.1") || slices.Contains(catalog.Builtin().IDs(), "TSTX:2026") || len(catalog.Builtin().Added()) != 0 {
		t.Errorf("a set made with TSTX changed the shipped catalogs")
	}
	if slices.Contains(catalog.Defaults(), "TSTX:2026") {
		t.Errorf("an added catalog must not become a default")
	}
	other, _ := catalog.Parse([]byte(strings.Replace(minimal, "One one", "Other", 1)), "c/x.json")
	if _, err := set.With(other); err == nil || !strings.Contains(err.Error(), "standard TSTX is already defined by a/x.json") {
		t.Errorf("a second definition of TSTX: %v", err)
	}
	// Another configuration (a comparison's other side) may hold another
	// version of the same standard.
	otherSet, err := catalog.Builtin().With(other)
	if err != nil {
		t.Fatalf("another version in another set: %v", err)
	}
	a, _ := set.ByStandard("TSTX")
	b, _ := otherSet.ByStandard("TSTX:2026")
	if a == b || a.Clauses["1.1"].Title == b.Clauses["1.1"].Title {
		t.Errorf("two sets share one version of TSTX: %q, %q", a.Clauses["1.1"].Title, b.Clauses["1.1"].Title)
	}
	builtin, _ := catalog.Parse([]byte(strings.NewReplacer("TSTX", "ISO13485", "TSTX:2026", "ISO13485:2016").Replace(minimal)), "d/x.json")
	if _, err := catalog.Builtin().With(builtin); err == nil {
		t.Errorf("a pack redefined a shipped standard")
	}
	var none *catalog.Set
	if !slices.Equal(none.IDs(), catalog.Builtin().IDs()) {
		t.Errorf("a nil set is not the shipped catalogs")
	}
}

// The schema's clause id pattern is the catalogs' generic one: the schema
// checks the shape, the catalogs (coverage.unknown-clause) the clause.
func TestSchemaClausePattern(t *testing.T) {
	raw, err := os.ReadFile("../../schemas/defs.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Defs map[string]struct{ Pattern string } `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	if got := s.Defs["clause"].Pattern; got != catalog.IDPattern {
		t.Errorf("defs.schema.json clause pattern %q, want catalog.IDPattern %q", got, catalog.IDPattern)
	}
	for _, c := range catalog.All() {
		for _, n := range c.Numbers() {
			if !catalog.ValidID(c.ClauseID(n)) {
				t.Errorf("%s: %s is not a valid clause id", c.ID, c.ClauseID(n))
			}
		}
	}
}

// IEC 62304: clauses 4 to 9, the safety classes as conditions, the
// documentation its processes ask for.
func TestIEC62304(t *testing.T) {
	c := mustCatalog(t, "IEC62304")
	if c.ID != "IEC62304:2006+A1:2015" || c.Default || c.SoA != nil {
		t.Errorf("id %q, default %v, soa %v", c.ID, c.Default, c.SoA)
	}
	var tops []string
	for _, n := range c.Numbers() {
		if c.Clauses[n].Parent == "" {
			tops = append(tops, n)
		}
	}
	if !slices.Equal(tops, []string{"4", "5", "6", "7", "8", "9"}) {
		t.Errorf("top-level clauses %v", tops)
	}
	for _, n := range []string{"5.1.1", "5.8.8", "6.2.1.3", "7.4.3", "8.3", "9.8", "4.4.5"} {
		if _, ok := c.Clauses[n]; !ok {
			t.Errorf("%s missing", n)
		}
	}
	// Detailed design and unit verification only for class B or C, some
	// of it for class C alone.
	for n, cond := range map[string]string{"5.4.1": "class-b-or-c", "5.4.2": "class-c", "5.5.2": "class-b-or-c", "5.5.4": "class-c", "5.5.5": "class-b-or-c", "5.1.4": "class-c", "5.5.1": "", "5.1.1": "", "4.4.3": "legacy-software"} {
		if got := c.Clauses[n].Condition; got != cond {
			t.Errorf("%s: condition %q, want %q", n, got, cond)
		}
	}
	for n, kind := range map[string]string{"5.1.1": "documented", "6.1": "documented", "5.1.9": "documented", "9.1": "record"} {
		if !requires(c.Clauses[n], kind) {
			t.Errorf("%s should require %s information", n, kind)
		}
	}
}
