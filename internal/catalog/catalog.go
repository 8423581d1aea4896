// Package catalog gives Go code the clause catalogs the rules use: the
// embedded policies/data/qmslint/catalogs/*/data.json, read once, plus the
// catalogs a repository adds (a policy pack's data, or a file named under
// catalogs: in .qmslint.yaml). Rego reads the same files as
// data.qmslint.catalogs, so the rules, the claim extractor and the coverage
// command share one list of clauses. Everything qmslint knows about a
// standard is in its catalog: no Go code names one.
package catalog

import (
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/qmslint/qmslint/policies"
)

// Dir is where the catalogs live inside policies.FS, and inside a pack.
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

// Clause is one numbered clause, sub-clause or annex control.
type Clause struct {
	Number string `json:"-"` // "7.5.9.1", "A.8.13"
	Title  string `json:"title"`
	Parent string `json:"parent"` // "" at the top
	// Group is the top-level clause ("7") or annex theme ("A.8").
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

// Grammar is how the standard numbers its clauses.
type Grammar struct {
	// Clause is a regular expression (RE2) every clause number matches.
	Clause string `json:"clause"`
	// Annex prefixes the numbers of an annex of controls ("A."), which
	// the statement of applicability decides; "" when there is none.
	Annex string `json:"annex,omitempty"`
}

// Names are how a document names the standard in prose and tables: one of
// the publishers, then the designation ("ISO/IEC 27001", "IEC 62304"),
// optionally with an edition year after a colon, and a regional adoption
// ("EN") or a national body ("DIN EN") in front.
type Names struct {
	Publishers  []string `json:"publishers"`
	Designation string   `json:"designation"`
}

// SoA says that the standard's annex controls are decided in a Statement
// of Applicability, and which clause asks for it.
type SoA struct {
	Clause string `json:"clause"`
}

// Catalog is one edition of one standard.
type Catalog struct {
	ID       string `json:"id"`       // as in .qmslint.yaml standards
	Standard string `json:"standard"` // the clause id prefix
	Edition  string `json:"edition"`
	Name     string `json:"name"` // for people
	// Default is true for a standard enabled when .qmslint.yaml does not
	// list standards.
	Default bool    `json:"default,omitempty"`
	Grammar Grammar `json:"grammar"`
	Names   Names   `json:"names"`
	SoA     *SoA    `json:"soa,omitempty"`
	// Example is a clause number shown in help texts and scaffolds.
	Example string `json:"example,omitempty"`
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
	// Origin is the file the catalog was read from, for messages.
	Origin  string `json:"-"`
	digest  string
	raw     []byte
	builtin bool
}

// Cited is the standard as documents cite it, without its edition: the
// first publisher and the designation ("ISO/IEC 27001", "IEC 62304"), or
// the clause id prefix when the catalog names neither.
func (c *Catalog) Cited() string {
	if c.Names.Designation == "" {
		return c.Standard
	}
	if len(c.Names.Publishers) == 0 {
		return c.Names.Designation
	}
	return c.Names.Publishers[0] + " " + c.Names.Designation
}

// ClauseID is the clause's id as front matter writes it.
func (c *Catalog) ClauseID(number string) string { return c.Standard + ":" + number }

// ExampleID is a clause id of this standard for help texts.
func (c *Catalog) ExampleID() string {
	if c.Example != "" {
		return c.ClauseID(c.Example)
	}
	if len(c.order) > 0 {
		return c.ClauseID(c.order[len(c.order)/2])
	}
	return c.Standard + ":1"
}

// Set is the catalogs one configuration knows: the shipped ones and those
// its repository adds. Each configuration has its own, never the
// process's: the two sides of a comparison may hold two versions of one
// repository's catalog. Read-only once made; a nil *Set is Builtin.
type Set struct {
	list    []*Catalog
	byStd   map[string]*Catalog
	builtin int
}

var (
	once    sync.Once
	builtin *Set
)

// Builtin is the catalogs that ship with qmslint.
func Builtin() *Set {
	once.Do(func() {
		cs, err := Load(policies.FS, "policies")
		if err != nil {
			// The embedded data is part of the build: the tests catch it.
			panic(err)
		}
		for _, c := range cs {
			c.builtin = true
		}
		builtin = newSet(cs, len(cs))
	})
	return builtin
}

func (s *Set) get() *Set {
	if s == nil {
		return Builtin()
	}
	return s
}

func newSet(cs []*Catalog, builtin int) *Set {
	s := &Set{list: cs, byStd: map[string]*Catalog{}, builtin: builtin}
	sort.SliceStable(s.list, func(i, j int) bool { return s.list[i].ID < s.list[j].ID })
	for _, c := range s.list {
		s.byStd[c.Standard] = c
		s.byStd[c.ID] = c
	}
	return s
}

// All returns every catalog of the set, sorted by id.
func (s *Set) All() []*Catalog { return s.get().list }

// All is Builtin().All().
func All() []*Catalog { return Builtin().All() }

// Defaults are the ids of the catalogs enabled when .qmslint.yaml does
// not list standards: shipped catalogs only, as one repository's catalogs
// must not change what another is checked against.
func Defaults() []string {
	var out []string
	for _, c := range All() {
		if c.Default {
			out = append(out, c.ID)
		}
	}
	return out
}

// IDs are the ids of every catalog, the spellings `standards:` accepts.
func (s *Set) IDs() []string {
	var out []string
	for _, c := range s.All() {
		out = append(out, c.ID)
	}
	return out
}

// Standards are the clause id prefixes of every catalog.
func (s *Set) Standards() []string {
	var out []string
	for _, c := range s.All() {
		out = append(out, c.Standard)
	}
	return out
}

// Standards is Builtin().Standards().
func Standards() []string { return Builtin().Standards() }

// ByStandard returns the catalog whose clause ids start with prefix
// (the standard) or whose id is prefix.
func (s *Set) ByStandard(prefix string) (*Catalog, bool) {
	c, ok := s.get().byStd[prefix]
	return c, ok
}

// ByStandard is Builtin().ByStandard.
func ByStandard(prefix string) (*Catalog, bool) { return Builtin().ByStandard(prefix) }

// Known reports whether number is a clause of the standard's catalog.
func (s *Set) Known(standard, number string) bool {
	c, ok := s.get().byStd[standard]
	if !ok {
		return false
	}
	_, ok = c.Clauses[number]
	return ok
}

// Known is Builtin().Known.
func Known(standard, number string) bool { return Builtin().Known(standard, number) }

// Added returns the catalogs of the set that do not ship with qmslint, in
// id order: the data a run of the built-in policies adds for Rego.
func (s *Set) Added() []*Catalog {
	var out []*Catalog
	for _, c := range s.All() {
		if !c.builtin {
			out = append(out, c)
		}
	}
	return out
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

// Less orders clause numbers as the standards do: 4 < 4.1 < 4.1.2 <
// 4.10 < 5, and the numbers of an annex (which start with a letter,
// A.8.13) after the main clauses.
func Less(a, b string) bool {
	aa, ba := startsWithLetter(a), startsWithLetter(b)
	if aa != ba {
		return ba
	}
	as := strings.Split(a, ".")
	bs := strings.Split(b, ".")
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

func startsWithLetter(s string) bool {
	return s != "" && (s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z')
}

// LessID orders full clause ids ("STD:7.3.2") by standard, then number.
func LessID(a, b string) bool {
	sa, na, _ := strings.Cut(a, ":")
	sb, nb, _ := strings.Cut(b, ":")
	if sa != sb {
		return sa < sb
	}
	return Less(na, nb)
}

// InForce is clauses without those of standards outside standards (ids
// such as ISO13485:2016): a finding of a repository assessed against ISO
// 13485 alone names no ISO/IEC 27001 clause, and a report files it under
// a clause the repository answers for. When none of clauses belongs to
// one of standards, all of them stay, so that a rule still says what it
// enforces.
func InForce(clauses, standards []string) []string {
	out := make([]string, 0, len(clauses))
	for _, c := range clauses {
		prefix, _, _ := strings.Cut(c, ":")
		for _, s := range standards {
			if p, _, _ := strings.Cut(s, ":"); p == prefix {
				out = append(out, c)
				break
			}
		}
	}
	if len(out) == 0 {
		return append(out, clauses...)
	}
	return out
}

// Examples is a few clause ids for help texts and messages, one per
// standard enabled by default: "ISO13485:4.2.4 or ..." as the catalogs say.
func Examples() string {
	var ids []string
	for _, id := range Defaults() {
		c, _ := ByStandard(id)
		ids = append(ids, c.ExampleID())
	}
	if len(ids) == 0 {
		return "STD:4.2"
	}
	if len(ids) == 1 {
		return ids[0]
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " or " + ids[len(ids)-1]
}

// Example is one clause id for help texts: the first of Examples.
func Example() string {
	for _, id := range Defaults() {
		c, _ := ByStandard(id)
		return c.ExampleID()
	}
	return "STD:4.2"
}
