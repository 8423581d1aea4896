package catalog_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/catalog"
)

func mustCatalog(t *testing.T, std string) *catalog.Catalog {
	t.Helper()
	c, ok := catalog.ByStandard(std)
	if !ok {
		t.Fatalf("no catalog for %s", std)
	}
	return c
}

// The ISO 13485:2016 clause numbers, 4 to 8, down to the deepest numbered
// sub-clause. 4.1.1 to 4.1.6 are numbered paragraphs without headings.
var iso13485 = strings.Fields(`
4 4.1 4.1.1 4.1.2 4.1.3 4.1.4 4.1.5 4.1.6 4.2 4.2.1 4.2.2 4.2.3 4.2.4 4.2.5
5 5.1 5.2 5.3 5.4 5.4.1 5.4.2 5.5 5.5.1 5.5.2 5.5.3 5.6 5.6.1 5.6.2 5.6.3
6 6.1 6.2 6.3 6.4 6.4.1 6.4.2
7 7.1 7.2 7.2.1 7.2.2 7.2.3 7.3 7.3.1 7.3.2 7.3.3 7.3.4 7.3.5 7.3.6 7.3.7 7.3.8 7.3.9 7.3.10
7.4 7.4.1 7.4.2 7.4.3 7.5 7.5.1 7.5.2 7.5.3 7.5.4 7.5.5 7.5.6 7.5.7 7.5.8 7.5.9 7.5.9.1 7.5.9.2 7.5.10 7.5.11 7.6
8 8.1 8.2 8.2.1 8.2.2 8.2.3 8.2.4 8.2.5 8.2.6 8.3 8.3.1 8.3.2 8.3.3 8.3.4 8.4 8.5 8.5.1 8.5.2 8.5.3`)

var iso27001 = strings.Fields(`
4 4.1 4.2 4.3 4.4 5 5.1 5.2 5.3 6 6.1 6.1.1 6.1.2 6.1.3 6.2 6.3
7 7.1 7.2 7.3 7.4 7.5 7.5.1 7.5.2 7.5.3 8 8.1 8.2 8.3
9 9.1 9.2 9.2.1 9.2.2 9.3 9.3.1 9.3.2 9.3.3 10 10.1 10.2`)

func TestISO13485Complete(t *testing.T) {
	c := mustCatalog(t, "ISO13485")
	if c.ID != "ISO13485:2016" {
		t.Errorf("id %q", c.ID)
	}
	if got := c.Numbers(); !slices.Equal(got, iso13485) {
		t.Errorf("clauses differ from clauses 4 to 8 of ISO 13485:2016:\n got %v\nwant %v", got, iso13485)
	}
	// The clauses whose procedures ISO 13485 makes conditional.
	for n, cond := range map[string]string{"7.3.4": "design-and-development", "7.5.5": "sterile", "7.5.7": "sterile", "7.5.9.2": "implantable", "7.5.3": "installation", "7.5.4": "servicing", "8.2.3": "regulatory-reporting", "8.3.4": "rework", "7.5.10": "customer-property"} {
		if got := c.Clauses[n].Condition; got != cond {
			t.Errorf("%s: condition %q, want %q", n, got, cond)
		}
	}
	// The documented procedures an auditor asks for first.
	for _, n := range []string{"4.2.4", "4.2.5", "5.6.1", "8.2.4", "8.3.1", "8.5.2", "8.5.3"} {
		if !requires(c.Clauses[n], "procedure") {
			t.Errorf("%s should require a documented procedure", n)
		}
	}
	if !slices.Equal(c.ExclusionGroups, []string{"6", "7", "8"}) {
		t.Errorf("exclusion groups %v", c.ExclusionGroups)
	}
}

func TestISO27001Complete(t *testing.T) {
	c := mustCatalog(t, "ISO27001")
	var main []string
	themes := map[string]int{}
	controls := 0
	for _, n := range c.Numbers() {
		cl := c.Clauses[n]
		if !strings.HasPrefix(n, "A.") {
			main = append(main, n)
			continue
		}
		if cl.Parent == "" {
			continue // a theme heading
		}
		controls++
		themes[cl.Theme]++
		if !strings.HasPrefix(n, cl.Parent+".") || cl.Group != cl.Parent {
			t.Errorf("%s: filed under %s", n, cl.Parent)
		}
	}
	if !slices.Equal(main, iso27001) {
		t.Errorf("clauses 4 to 10:\n got %v\nwant %v", main, iso27001)
	}
	if controls != 93 {
		t.Errorf("%d Annex A controls, want 93", controls)
	}
	want := map[string]int{"organizational": 37, "people": 8, "physical": 14, "technological": 34}
	for th, n := range want {
		if themes[th] != n {
			t.Errorf("theme %s: %d controls, want %d", th, themes[th], n)
		}
	}
	for _, n := range []string{"A.5.1", "A.5.37", "A.8.13", "A.8.34"} {
		if _, ok := c.Clauses[n]; !ok {
			t.Errorf("%s missing", n)
		}
	}
	// The mandatory documented information of clauses 4 to 10.
	for _, n := range []string{"4.3", "5.2", "6.1.2", "6.1.3", "6.2", "7.2", "8.1", "8.2", "8.3", "9.1", "9.2.2", "9.3.3", "10.2"} {
		if len(c.Clauses[n].Requires) == 0 {
			t.Errorf("%s should require documented information", n)
		}
	}
	if m := c.Previous.AnnexA["A.12.3.1"]; len(m) != 1 || m[0].Control != "A.8.13" {
		t.Errorf("A.12.3.1 (2013) maps to %v, want A.8.13", m)
	}
}

// TestConsistent checks what both catalogs promise the rules: parents
// exist, groups are the top-level ancestor, conditions are declared and
// inherited by sub-clauses, one requirement per kind.
func TestConsistent(t *testing.T) {
	for _, c := range catalog.All() {
		for n, cl := range c.Clauses {
			if cl.Parent != "" {
				p, ok := c.Clauses[cl.Parent]
				if !ok {
					t.Errorf("%s %s: parent %s missing", c.ID, n, cl.Parent)
					continue
				}
				if p.Condition != "" && cl.Condition != p.Condition {
					t.Errorf("%s %s: condition %q, parent has %q", c.ID, n, cl.Condition, p.Condition)
				}
			}
			top := n
			for c.Clauses[top].Parent != "" {
				top = c.Clauses[top].Parent
			}
			if cl.Group != top {
				t.Errorf("%s %s: group %s, want %s", c.ID, n, cl.Group, top)
			}
			if _, ok := c.Groups[cl.Group]; !ok {
				t.Errorf("%s %s: group %s has no title", c.ID, n, cl.Group)
			}
			if cl.Condition != "" {
				if _, ok := c.Conditions[cl.Condition]; !ok {
					t.Errorf("%s %s: undeclared condition %q", c.ID, n, cl.Condition)
				}
			}
			if len(cl.Requires) > 0 && !c.Leaf(n) {
				t.Errorf("%s %s: requirements must sit on a leaf, where coverage is counted", c.ID, n)
			}
			// One requirement of each kind, and one more of a kind for each
			// condition narrower than the clause's (8.2.6 asks implant
			// makers for a second record).
			kinds := map[string]bool{}
			for _, r := range cl.Requires {
				key := r.Kind + "/" + r.Condition
				if !slices.Contains([]string{"procedure", "record", "documented"}, r.Kind) || r.Title == "" || kinds[key] {
					t.Errorf("%s %s: bad or repeated requirement %+v", c.ID, n, r)
				}
				if _, ok := c.Conditions[r.Condition]; r.Condition != "" && (!ok || r.Condition == cl.Condition) {
					t.Errorf("%s %s: requirement %q depends on %q, which is undeclared or the clause's own", c.ID, n, r.Title, r.Condition)
				}
				kinds[key] = true
			}
			if cl.Title == "" {
				t.Errorf("%s %s: no title", c.ID, n)
			}
		}
		if !slices.Contains(c.Editions, c.Edition) {
			t.Errorf("%s: edition %s not among %v", c.ID, c.Edition, c.Editions)
		}
	}
}

func TestLess(t *testing.T) {
	in := []string{"10", "A.8.1", "4.10", "A.5.10", "4.2", "A.5.9", "4", "7.5.9.2", "7.5.10"}
	slices.SortFunc(in, func(a, b string) int {
		if catalog.Less(a, b) {
			return -1
		}
		if catalog.Less(b, a) {
			return 1
		}
		return 0
	})
	want := []string{"4", "4.2", "4.10", "7.5.9.2", "7.5.10", "10", "A.5.9", "A.5.10", "A.8.1"}
	if !slices.Equal(in, want) {
		t.Errorf("got %v, want %v", in, want)
	}
}

func TestInForce(t *testing.T) {
	rule := []string{"ISO13485:4.2.4", "ISO27001:7.5.3", "ISO27001:A.5.33"}
	for _, tc := range []struct {
		name      string
		standards []string
		want      []string
	}{
		{"both", []string{"ISO13485:2016", "ISO27001:2022"}, rule},
		{"ISO 13485 alone", []string{"ISO13485:2016"}, []string{"ISO13485:4.2.4"}},
		{"ISO/IEC 27001 alone", []string{"ISO27001:2022"}, []string{"ISO27001:7.5.3", "ISO27001:A.5.33"}},
		// Another edition of the same standard is the same standard.
		{"other edition", []string{"ISO27001:2013"}, []string{"ISO27001:7.5.3", "ISO27001:A.5.33"}},
		// A prefix is not the standard: ISO13485 is not ISO1348.
		{"prefix only", []string{"ISO1348:2016"}, rule},
		{"none of them", []string{"IEC62304:2006"}, rule},
		{"no standards", nil, rule},
	} {
		got := catalog.InForce(rule, tc.standards)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: InForce = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := catalog.InForce(nil, []string{"ISO13485:2016"}); got == nil || len(got) != 0 {
		t.Errorf("InForce(nil) = %#v, want an empty list (findings' clauses encode as [])", got)
	}
}

func TestKnown(t *testing.T) {
	for _, tc := range []struct {
		std, n string
		want   bool
	}{{"ISO13485", "7.5.9.1", true}, {"ISO13485", "7.5.1.1", false}, {"ISO27001", "A.8.13", true}, {"ISO27001", "A.12.3.1", false}, {"ISO9001", "4.1", false}} {
		if got := catalog.Known(tc.std, tc.n); got != tc.want {
			t.Errorf("Known(%s, %s) = %v", tc.std, tc.n, got)
		}
	}
}

func requires(cl *catalog.Clause, kind string) bool {
	for _, r := range cl.Requires {
		if r.Kind == kind {
			return true
		}
	}
	return false
}
