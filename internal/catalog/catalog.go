// Package catalog gives Go code the clause catalogs the rules use: the
// embedded policies/data/qmslint/catalogs/*/data.json, read once. Rego reads
// the same files as data.qmslint.catalogs, so the rules, the claim extractor
// and the coverage command share one list of clauses.
package catalog

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/qmslint/qmslint/policies"
)

// Dir is where the catalogs live inside policies.FS.
const Dir = "data/qmslint/catalogs"

// Requirement is documented information a clause asks for.
type Requirement struct {
	// Kind is procedure (a documented procedure), record (records
	// maintained) or documented (documented information of any form).
	Kind  string `json:"kind"`
	Title string `json:"title"` // qmslint's own short label
	// Condition names the circumstance this one requirement depends on
	// when it is narrower than its clause's (6.4.2 asks more of sterile
	// devices); "" when it applies with the clause.
	Condition string `json:"condition,omitempty"`
}

// Clause is one numbered clause, sub-clause or Annex A control.
type Clause struct {
	Number string `json:"-"` // "7.5.9.1", "A.8.13"
	Title  string `json:"title"`
	Parent string `json:"parent"` // "" at the top
	// Group is the top-level clause ("7") or Annex A theme ("A.8").
	Group string `json:"group"`
	// Condition names the circumstance the clause depends on
	// ("sterile"); "" when it always applies.
	Condition string        `json:"condition,omitempty"`
	Theme     string        `json:"theme,omitempty"`
	Requires  []Requirement `json:"requires,omitempty"`
	// Label is true when the standard numbers the paragraph without a
	// heading and the title is qmslint's own.
	Label bool `json:"label,omitempty"`
	// Excludable is true for a requirement the organisation's activities
	// or its devices can make not applicable, the only kind a quality
	// manual may exclude.
	Excludable bool `json:"excludable,omitempty"`
}

// Mapping is one row of the previous edition's correspondence table.
type Mapping struct {
	Control      string `json:"control"`
	Relationship string `json:"relationship"` // equal, subset, superset, intersect
}

// Catalog is one edition of one standard.
type Catalog struct {
	ID       string `json:"id"`       // "ISO13485:2016", as in .qmslint.yaml standards
	Standard string `json:"standard"` // "ISO13485", the clause id prefix
	Edition  string `json:"edition"`
	Name     string `json:"name"` // "ISO 13485:2016", for people
	// Editions are every published edition, for spotting references to
	// editions that never existed.
	Editions         []string            `json:"editions"`
	RegionalEditions map[string][]string `json:"regional_editions"`
	// ExclusionGroups are the top-level clauses whose requirements may be
	// excluded or declared not applicable.
	ExclusionGroups []string           `json:"exclusion_groups"`
	Conditions      map[string]string  `json:"conditions"`
	Groups          map[string]string  `json:"groups"`
	Clauses         map[string]*Clause `json:"clauses"`
	Previous        *struct {
		Edition string               `json:"edition"`
		AnnexA  map[string][]Mapping `json:"annex_a"`
	} `json:"previous_edition,omitempty"`

	order []string
}

var (
	once   sync.Once
	all    []*Catalog
	allErr error
)

// All returns every embedded catalog, sorted by id. It panics if the
// embedded data is broken: that is a build defect the tests catch.
func All() []*Catalog {
	once.Do(func() { all, allErr = Load(policies.FS) })
	if allErr != nil {
		panic(allErr)
	}
	return all
}

// Load reads every catalog under Dir in fsys.
func Load(fsys fs.FS) ([]*Catalog, error) {
	files, err := fs.Glob(fsys, Dir+"/*/data.json")
	if err != nil {
		return nil, err
	}
	var out []*Catalog
	for _, f := range files {
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var c Catalog
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, fmt.Errorf("%s: %w", path.Join("policies", f), err)
		}
		for n, cl := range c.Clauses {
			cl.Number = n
			c.order = append(c.order, n)
		}
		sort.Slice(c.order, func(i, j int) bool { return Less(c.order[i], c.order[j]) })
		out = append(out, &c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// ByStandard returns the catalog whose clause ids start with prefix
// ("ISO13485") or whose id is prefix ("ISO13485:2016").
func ByStandard(prefix string) (*Catalog, bool) {
	for _, c := range All() {
		if c.Standard == prefix || c.ID == prefix {
			return c, true
		}
	}
	return nil, false
}

// Known reports whether number is a clause of the standard's catalog.
func Known(standard, number string) bool {
	c, ok := ByStandard(standard)
	if !ok {
		return false
	}
	_, ok = c.Clauses[number]
	return ok
}

// Numbers returns every clause number in the standard's order.
func (c *Catalog) Numbers() []string { return c.order }

// Leaf reports whether a clause has no sub-clauses: the level at which
// coverage is counted.
func (c *Catalog) Leaf(number string) bool {
	for _, cl := range c.Clauses {
		if cl.Parent == number {
			return false
		}
	}
	return true
}

// Less orders clause numbers as the standard does: 4 < 4.1 < 4.1.2 <
// 4.10 < 5, main clauses before Annex A.
func Less(a, b string) bool {
	aa, ba := strings.HasPrefix(a, "A."), strings.HasPrefix(b, "A.")
	if aa != ba {
		return ba
	}
	as := strings.Split(strings.TrimPrefix(a, "A."), ".")
	bs := strings.Split(strings.TrimPrefix(b, "A."), ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, errx := strconv.Atoi(as[i])
		y, erry := strconv.Atoi(bs[i])
		if errx != nil || erry != nil {
			if as[i] != bs[i] {
				return as[i] < bs[i]
			}
			continue
		}
		if x != y {
			return x < y
		}
	}
	return len(as) < len(bs)
}

// LessID orders full clause ids ("ISO13485:7.3.2") by standard, then number.
func LessID(a, b string) bool {
	sa, na, _ := strings.Cut(a, ":")
	sb, nb, _ := strings.Cut(b, ":")
	if sa != sb {
		return sa < sb
	}
	return Less(na, nb)
}
