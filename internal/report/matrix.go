package report

import (
	"math"
	"strings"

	"github.com/qmslint/qmslint/internal/coverage"
)

// Matrix is the clause coverage matrix of one standard.
type Matrix struct {
	ID            string        `json:"id"`
	Name          string        `json:"name"`
	Leaves        int           `json:"leaves"`
	Addressed     int           `json:"addressed"`
	Covered       int           `json:"covered"`
	Excluded      int           `json:"excluded"`
	NotApplicable int           `json:"not_applicable"`
	Uncovered     int           `json:"uncovered"`
	Percent       float64       `json:"percent"`
	Groups        []MatrixGroup `json:"groups"`
	Clauses       []ClauseRow   `json:"clauses"`
}

// MatrixGroup is the tally of a top-level clause or Annex A theme.
type MatrixGroup struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Leaves    int     `json:"leaves"`
	Addressed int     `json:"addressed"`
	Percent   float64 `json:"percent"`
}

// ClauseRow is one clause and the documents that address it.
type ClauseRow struct {
	ID        string   `json:"id"`
	Number    string   `json:"number"`
	Title     string   `json:"title"`
	Depth     int      `json:"depth"`
	Leaf      bool     `json:"leaf"`
	Status    string   `json:"status"`
	Documents []DocRef `json:"documents"`
	// Note is the justification of an exclusion or non-applicability.
	Note string `json:"note,omitempty"`
}

// DocRef names a document citing a clause; one not in force does not
// count toward coverage but is listed so the gap is explained.
type DocRef struct {
	ID      string `json:"id"`
	InForce bool   `json:"in_force"`
}

// SoA is the Statement of Applicability, control by control.
type SoA struct {
	Sources       []string `json:"sources"`
	Applicable    int      `json:"applicable"`
	NotApplicable int      `json:"not_applicable"`
	Undecided     int      `json:"undecided"`
	Rows          []SoARow `json:"rows"`
}

// SoARow is one Annex A control.
type SoARow struct {
	Control       string   `json:"control"`
	Title         string   `json:"title"`
	Theme         string   `json:"theme"`
	Applicable    string   `json:"applicable"` // yes, no, not decided
	Justification string   `json:"justification"`
	ImplementedBy []string `json:"implemented_by"`
	Status        string   `json:"status"`
	CitedBy       []string `json:"cited_by"`
}

func matrices(rep *coverage.Report) []Matrix {
	out := make([]Matrix, 0, len(rep.Standards))
	for _, s := range rep.Standards {
		t := s.Summary
		m := Matrix{
			ID: s.ID, Name: s.Name, Leaves: t.Leaves, Addressed: t.Addressed(), Covered: t.Covered,
			Excluded: t.Excluded, NotApplicable: t.NotApplicable, Uncovered: t.Uncovered,
			Percent: round1(t.Percent()), Groups: []MatrixGroup{}, Clauses: []ClauseRow{},
		}
		for _, g := range s.Groups {
			m.Groups = append(m.Groups, MatrixGroup{ID: g.ID, Title: g.Title, Leaves: g.Tally.Leaves, Addressed: g.Tally.Addressed(), Percent: round1(g.Tally.Percent())})
		}
		for _, c := range s.Clauses {
			row := ClauseRow{ID: c.ID, Number: c.Number, Title: c.Title, Leaf: c.Leaf, Status: c.Status, Documents: []DocRef{}}
			if row.Number == "" {
				_, row.Number, _ = strings.Cut(c.ID, ":")
			}
			row.Depth = strings.Count(strings.TrimPrefix(row.Number, "A."), ".")
			for _, d := range c.Documents {
				row.Documents = append(row.Documents, DocRef{ID: d.ID, InForce: d.InForce})
			}
			for _, d := range c.Inherited {
				row.Documents = append(row.Documents, DocRef{ID: d.ID, InForce: d.InForce})
			}
			var notes []string
			for _, j := range append(append([]coverage.Justification{}, c.Exclusions...), c.NotApplicable...) {
				notes = append(notes, j.Justification)
			}
			row.Note = strings.Join(notes, " ")
			m.Clauses = append(m.Clauses, row)
		}
		out = append(out, m)
	}
	return out
}

func soa(rep *coverage.Report) *SoA {
	s, err := coverage.BuildSoA(rep)
	if err != nil {
		return nil // ISO/IEC 27001 not enabled: there is no SoA to show
	}
	out := &SoA{Sources: nonNil(s.Sources), Rows: []SoARow{}}
	for _, r := range s.Rows {
		row := SoARow{
			Control: r.Control, Title: r.Title, Theme: r.Theme, Justification: strings.Join(strings.Fields(r.Justification), " "),
			ImplementedBy: nonNil(r.ImplementedBy), Status: r.Status, CitedBy: []string{},
		}
		switch {
		case !r.Listed:
			row.Applicable = "not decided"
			out.Undecided++
		case r.Applicable:
			row.Applicable = "yes"
			out.Applicable++
		default:
			row.Applicable = "no"
			out.NotApplicable++
		}
		for _, d := range r.CitedBy {
			row.CitedBy = append(row.CitedBy, d.ID)
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
