// Package coverage builds the clause coverage matrix: for every clause of
// the enabled standards, the documents that address it, or why it does not
// apply, and the claims made in document bodies.
//
// The matrix itself is computed in Rego (data.qmslint.lib.coverage.report)
// by the same code the coverage rules use, so `qmslint coverage` and
// `qmslint lint` can never disagree; the run (internal/lint) evaluates it
// over the input it converted once, and this package orders the result as
// the standards do and adds the tallies. It evaluates nothing.
package coverage

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/model"
)

// Clause statuses. Leaves are covered, excluded, not-applicable or
// uncovered; a clause with sub-clauses is covered, partial or uncovered.
const (
	Covered       = "covered"
	Excluded      = "excluded"
	NotApplicable = "not-applicable"
	Uncovered     = "uncovered"
	Partial       = "partial"
)

// Report is the matrix of every enabled standard.
type Report struct {
	Date                 string     `json:"date"`
	ParentCoversChildren bool       `json:"parent_covers_children"`
	Standards            []Standard `json:"standards"`
	// Repo is what was read, for the Statement of Applicability.
	Repo *model.Repository `json:"-"`
	// Catalogs are the run's configuration's (config.Config.Known); nil
	// means the shipped ones.
	Catalogs *catalog.Set `json:"-"`
}

// Standard is the matrix of one standard.
type Standard struct {
	Standard string   `json:"standard"` // ISO13485
	ID       string   `json:"id"`       // ISO13485:2016
	Name     string   `json:"name"`     // ISO 13485:2016
	Summary  Tally    `json:"summary"`
	Groups   []Group  `json:"groups"`
	Clauses  []Clause `json:"clauses"`
}

// Group is a top-level clause or an Annex A theme.
type Group struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Tally Tally  `json:"tally"`
}

// Tally counts leaves: the clauses where requirements are.
type Tally struct {
	Leaves        int `json:"leaves"`
	Covered       int `json:"covered"`
	Excluded      int `json:"excluded"`
	NotApplicable int `json:"not_applicable"`
	Uncovered     int `json:"uncovered"`
	// Claimed counts leaves addressed, or claimed in a document body.
	Claimed int `json:"claimed"`
}

// Addressed is the number of leaves covered, excluded or not applicable.
func (t Tally) Addressed() int { return t.Covered + t.Excluded + t.NotApplicable }

// Percent is the share of leaves addressed.
func (t Tally) Percent() float64 { return percent(t.Addressed(), t.Leaves) }

// ClaimedPercent is the share of leaves addressed or claimed in a body.
func (t Tally) ClaimedPercent() float64 { return percent(t.Claimed, t.Leaves) }

func percent(n, total int) float64 {
	if total == 0 {
		return 100
	}
	return 100 * float64(n) / float64(total)
}

// Clause is one row of the matrix.
type Clause struct {
	ID        string                `json:"id"`
	Number    string                `json:"number"`
	Title     string                `json:"title"`
	Parent    string                `json:"parent"`
	Group     string                `json:"group"`
	Leaf      bool                  `json:"leaf"`
	Condition string                `json:"condition,omitempty"`
	Requires  []catalog.Requirement `json:"requires,omitempty"`
	Status    string                `json:"status"`
	Claimed   bool                  `json:"claimed"`
	// Documents cite the clause, in force or not (InForce says).
	Documents []DocRef `json:"documents"`
	// Inherited address it by citing a clause above it, when parents
	// cover their children.
	Inherited     []DocRef        `json:"inherited,omitempty"`
	Exclusions    []Justification `json:"exclusions,omitempty"`
	NotApplicable []Justification `json:"not_applicable,omitempty"`
	Claims        []Claim         `json:"claims,omitempty"`
}

// DocRef is a document or register citing a clause.
type DocRef struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Revision any    `json:"revision"`
	Status   string `json:"status"`
	Kind     string `json:"kind"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	InForce  bool   `json:"in_force"`
	Via      string `json:"via,omitempty"`
	// ClaimLine is the line of the document's body that claims the
	// clause in a table or a list of references, when that, not its front
	// matter, is how the document cites it.
	ClaimLine int `json:"claim_line,omitempty"`
}

// Justification of an exclusion or a non-applicable condition or control.
type Justification struct {
	Justification string `json:"justification"`
	File          string `json:"file"`
	Line          int    `json:"line"`
}

// Claim is a body claim of the clause.
type Claim struct {
	File          string `json:"file"`
	Line          int    `json:"line"`
	Controlled    bool   `json:"controlled"`
	Source        string `json:"source"`
	Text          string `json:"text"`
	Edition       string `json:"edition"`
	NotApplicable bool   `json:"not_applicable"`
	// Form is table, list or text: only the first two count, in a
	// document in force.
	Form string `json:"form,omitempty"`
}

// Ref is the Rego value the matrix is read from.
const Ref = "data.qmslint.lib.coverage.report"

// pick resolves --standard against the enabled standards.
func pick(s string, cfg *config.Config) (string, error) {
	want := strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	for _, id := range cfg.Standards {
		if id == want || strings.SplitN(id, ":", 2)[0] == want {
			return id, nil
		}
	}
	where := "the default standards"
	if cfg.File != "" {
		where = "standards in " + cfg.File
	}
	var stds []string
	for _, id := range cfg.Standards {
		stds = append(stds, strings.SplitN(id, ":", 2)[0])
	}
	return "", fmt.Errorf("--standard: %q is not among %s (%s); expected %s", s, where, strings.Join(cfg.Standards, ", "), orList(stds))
}

// wire is the Rego report as JSON.
type wire struct {
	Date                 string `json:"date"`
	ParentCoversChildren bool   `json:"parent_covers_children"`
	Standards            map[string]struct {
		ID      string            `json:"id"`
		Name    string            `json:"name"`
		Groups  map[string]string `json:"groups"`
		Clauses map[string]Clause `json:"clauses"`
	} `json:"standards"`
}

func decode(raw any) (*Report, error) {
	if raw == nil {
		return nil, fmt.Errorf("%s is undefined; the built-in policies are broken", Ref)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	var w wire
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("%s: %w", Ref, err)
	}
	rep := &Report{Date: w.Date, ParentCoversChildren: w.ParentCoversChildren}
	for std, ws := range w.Standards {
		s := Standard{Standard: std, ID: ws.ID, Name: ws.Name}
		groups := map[string]*Group{}
		for id, c := range ws.Clauses {
			c.ID = id
			s.Clauses = append(s.Clauses, c)
			if !c.Leaf {
				continue
			}
			g := groups[c.Group]
			if g == nil {
				g = &Group{ID: c.Group, Title: ws.Groups[strings.TrimPrefix(c.Group, std+":")]}
				groups[c.Group] = g
			}
			g.Tally.add(c)
			s.Summary.add(c)
		}
		sort.Slice(s.Clauses, func(i, j int) bool { return catalog.LessID(s.Clauses[i].ID, s.Clauses[j].ID) })
		for _, g := range groups {
			s.Groups = append(s.Groups, *g)
		}
		sort.Slice(s.Groups, func(i, j int) bool { return catalog.LessID(s.Groups[i].ID, s.Groups[j].ID) })
		rep.Standards = append(rep.Standards, s)
	}
	sort.Slice(rep.Standards, func(i, j int) bool { return rep.Standards[i].ID < rep.Standards[j].ID })
	return rep, nil
}

func (t *Tally) add(c Clause) {
	t.Leaves++
	switch c.Status {
	case Covered:
		t.Covered++
	case Excluded:
		t.Excluded++
	case NotApplicable:
		t.NotApplicable++
	default:
		t.Uncovered++
	}
	if c.Status != Uncovered || c.Claimed {
		t.Claimed++
	}
}

// orList is "a", "a or b", "a, b or c".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}
