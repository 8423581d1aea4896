package coverage

import (
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/qmslint/qmslint/internal/catalog"
	"io"
	"strings"

	"github.com/qmslint/qmslint/internal/model"
)

// SoARow is one Annex A control as the Statement of Applicability decides
// it, beside the documents in force that cite it.
type SoARow struct {
	Control       string   `json:"control"`
	Title         string   `json:"title"`
	Theme         string   `json:"theme"`
	Listed        bool     `json:"listed"`
	Applicable    bool     `json:"applicable"`
	Justification string   `json:"justification"`
	ImplementedBy []string `json:"implemented_by"`
	Status        string   `json:"status"`
	// CitedBy are the documents in force that cite the control.
	CitedBy []DocRef `json:"cited_by"`
}

// SoA is the Statement of Applicability as read, control by control.
type SoA struct {
	Date string
	// Standard is the name of the standard whose annex it decides.
	Standard string
	Sources  []string // the SoA registers read, "file (id rev, status)"
	Themes   []Group
	Rows     []SoARow
}

// ErrNoSoA is what the error BuildSoA returns when no enabled standard
// has an annex decided in a Statement of Applicability is (errors.Is).
var ErrNoSoA = errors.New("no enabled standard has a Statement of Applicability")

type noSoAError struct{ msg string }

func (e *noSoAError) Error() string        { return e.msg }
func (e *noSoAError) Is(target error) bool { return target == ErrNoSoA }

// noSoA names the standards whose catalogs say they have one.
func noSoA(set *catalog.Set) error {
	var names, ids []string
	for _, c := range set.All() {
		if c.SoA != nil {
			names, ids = append(names, c.Name), append(ids, c.ID)
		}
	}
	if len(names) == 0 {
		return &noSoAError{"no catalog has an annex decided in a Statement of Applicability"}
	}
	return &noSoAError{fmt.Sprintf("%s is not among the enabled standards; add %s to standards in .qmslint.yaml", strings.Join(names, " or "), strings.Join(ids, " or "))}
}

// BuildSoA pairs every annex control of the matrix with its SoA entry:
// of the first enabled standard whose catalog says a Statement of
// Applicability decides its annex.
func BuildSoA(r *Report) (*SoA, error) {
	var std *Standard
	var cat *catalog.Catalog
	for i := range r.Standards {
		if c, ok := r.Catalogs.ByStandard(r.Standards[i].ID); ok && c.SoA != nil && std == nil {
			std, cat = &r.Standards[i], c
		}
	}
	if std == nil {
		return nil, noSoA(r.Catalogs)
	}
	annex := ":" + cat.Grammar.Annex
	out := &SoA{Date: r.Date, Standard: std.Name}
	entries := map[string]map[string]any{}
	if r.Repo != nil {
		for _, reg := range r.Repo.Registers {
			if model.Kind(reg.Data) != "soa" || reg.Data["status"] == "obsolete" {
				continue
			}
			out.Sources = append(out.Sources, source(reg))
			list, _ := reg.Data["controls"].([]any)
			for _, e := range list {
				m, _ := e.(map[string]any)
				id, _ := m["control"].(string)
				if _, dup := entries[id]; id != "" && !dup {
					entries[id] = m
				}
			}
		}
	}
	for _, g := range std.Groups {
		if strings.Contains(g.ID, annex) {
			out.Themes = append(out.Themes, g)
		}
	}
	for _, c := range std.Clauses {
		if !c.Leaf || !strings.Contains(c.ID, annex) {
			continue
		}
		row := SoARow{Control: c.ID, Title: c.Title, Theme: c.Group}
		if e, ok := entries[c.ID]; ok {
			row.Listed = true
			row.Applicable, _ = e["applicable"].(bool)
			row.Justification, _ = e["justification"].(string)
			row.Status, _ = e["status"].(string)
			impl, _ := e["implemented_by"].([]any)
			for _, x := range impl {
				row.ImplementedBy = append(row.ImplementedBy, fmt.Sprint(x))
			}
		}
		for _, d := range c.Documents {
			if d.InForce {
				row.CitedBy = append(row.CitedBy, d)
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func source(reg *model.Register) string {
	s := reg.File
	var meta []string
	if id := model.ID(reg.Data); id != "" {
		meta = append(meta, id)
	}
	if rev, ok := reg.Data["revision"]; ok {
		meta = append(meta, fmt.Sprintf("rev %v", rev))
	}
	if st, ok := reg.Data["status"].(string); ok {
		meta = append(meta, st)
	}
	if len(meta) > 0 {
		s += " (" + strings.Join(meta, ", ") + ")"
	}
	return s
}

func applicable(r SoARow) string {
	switch {
	case !r.Listed:
		return "NOT DECIDED"
	case r.Applicable:
		return "yes"
	}
	return "no"
}

// implementation names the documents the SoA lists, with their state from
// the matrix, so the auditor sees at once which are not in force.
func implementation(r SoARow) []string {
	inForce := map[string]DocRef{}
	for _, d := range r.CitedBy {
		inForce[d.ID] = d
	}
	var out []string
	for _, id := range r.ImplementedBy {
		if d, ok := inForce[id]; ok {
			out = append(out, docText(d))
		} else {
			out = append(out, id+" (does not cite it, or not in force)")
		}
	}
	return out
}

// Markdown writes the SoA grouped by theme, as an auditor reads it.
func (s *SoA) Markdown(w io.Writer) error {
	applic, excluded, missing := 0, 0, 0
	for _, r := range s.Rows {
		switch {
		case !r.Listed:
			missing++
		case r.Applicable:
			applic++
		default:
			excluded++
		}
	}
	fmt.Fprintf(w, "# Statement of Applicability\n\n%s Annex A, as of %s.\n", s.Standard, s.Date)
	if len(s.Sources) == 0 {
		fmt.Fprint(w, "\nNo Statement of Applicability (kind: soa) was found: every control below is undecided.\n")
	} else {
		fmt.Fprintf(w, "Source: %s.\n", strings.Join(s.Sources, ", "))
	}
	fmt.Fprintf(w, "\n%d controls: %d applicable, %d not applicable, %d not decided.\n", len(s.Rows), applic, excluded, missing)
	for _, th := range s.Themes {
		fmt.Fprintf(w, "\n## %s %s\n\n| Control | Title | Applicable | Justification | Implemented by | Status |\n| --- | --- | --- | --- | --- | --- |\n", number(th.ID), th.Title)
		for _, r := range s.Rows {
			if r.Theme != th.ID {
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", number(r.Control), cell(r.Title), applicable(r), cell(oneLine(r.Justification)), cell(strings.Join(implementation(r), "<br>")), r.Status)
		}
	}
	return nil
}

// CSV writes one row per control.
func (s *SoA) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"control", "title", "theme", "applicable", "justification", "implemented_by", "status", "cited_by"})
	for _, r := range s.Rows {
		var cited []string
		for _, d := range r.CitedBy {
			cited = append(cited, d.ID)
		}
		_ = cw.Write([]string{number(r.Control), r.Title, number(r.Theme), applicable(r), r.Justification, strings.Join(r.ImplementedBy, " "), r.Status, strings.Join(cited, " ")})
	}
	cw.Flush()
	return cw.Error()
}
