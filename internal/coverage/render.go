package coverage

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/qmslint/qmslint/internal/termtable"
)

// FormatVersion is the version of the JSON output contract.
const FormatVersion = 1

// RenderOptions tune the human formats.
type RenderOptions struct {
	// Claims adds a column with the body claims of every clause.
	Claims bool
	// Width bounds the text tables (termtable); 0 is termtable.NotTerminal.
	Width int
}

// JSON writes the whole matrix, claims included.
func JSON(w io.Writer, r *Report) error {
	out := struct {
		Version int `json:"version"`
		*Report
	}{FormatVersion, r}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// MarshalJSON adds the percentages to a tally.
func (t Tally) MarshalJSON() ([]byte, error) {
	type plain Tally
	return json.Marshal(struct {
		plain
		Addressed      int     `json:"addressed"`
		Percent        float64 `json:"percent"`
		ClaimedPercent float64 `json:"claimed_percent"`
	}{plain(t), t.Addressed(), round1(t.Percent()), round1(t.ClaimedPercent())})
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// Summary is the one-line figure of a standard.
func Summary(s Standard) string {
	t := s.Summary
	line := fmt.Sprintf("%s: %d of %d clauses addressed (%.1f%%): %d covered, %d excluded, %d not applicable, %d uncovered",
		s.Name, t.Addressed(), t.Leaves, t.Percent(), t.Covered, t.Excluded, t.NotApplicable, t.Uncovered)
	if t.Claimed > t.Addressed() {
		line += fmt.Sprintf("\n  claimed in document bodies as well: %d of %d (%.1f%%); a claim counts once its document is approved and effective, with qmslint front matter, and states it in a table or a list of references", t.Claimed, t.Leaves, t.ClaimedPercent())
	}
	return line
}

// Text writes, per standard, the summary, the groups and the matrix.
func Text(w io.Writer, r *Report, opts RenderOptions) error {
	width := opts.Width
	if width <= 0 {
		width = termtable.NotTerminal
	}
	for i, s := range r.Standards {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, Summary(s))
		fmt.Fprintln(w)
		g := termtable.Table{Header: []string{"Group", "Title", "Addressed", "Claimed", "%"}, Wrap: []int{1}}
		for _, gr := range s.Groups {
			gt := gr.Tally
			g.Rows = append(g.Rows, []string{number(gr.ID), gr.Title, fmt.Sprintf("%d/%d", gt.Addressed(), gt.Leaves), fmt.Sprintf("%d/%d", gt.Claimed, gt.Leaves), fmt.Sprintf("%.1f", gt.Percent())})
		}
		if err := g.Render(w, width); err != nil {
			return err
		}
		t := termtable.Table{Header: []string{"Clause", "Title", "Status", "Documents"}, Wrap: []int{1, 3}}
		if opts.Claims {
			t.Header = append(t.Header, "Claimed in")
			t.Wrap = append(t.Wrap, 4)
		}
		for _, c := range s.Clauses {
			row := []string{number(c.ID), c.Title, statusText(c), strings.Join(docLines(c), "\n")}
			if opts.Claims {
				row = append(row, strings.Join(claimLines(c), "\n"))
			}
			t.Rows = append(t.Rows, row)
		}
		if err := t.Render(w, width); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "As of %s.%s\n", r.Date, parentNote(r))
	return nil
}

func parentNote(r *Report) string {
	if r.ParentCoversChildren {
		return " Citing a clause also covers its sub-clauses (parent_covers_children)."
	}
	return ""
}

// statusText marks what an auditor must see at a glance: gaps in capitals.
func statusText(c Clause) string {
	switch {
	case c.Status == Uncovered && c.Leaf:
		return "UNCOVERED"
	case c.Status == Partial:
		return "partial"
	}
	return c.Status
}

// number strips the standard from a clause id for display.
func number(id string) string {
	_, n, _ := strings.Cut(id, ":")
	return n
}

func docLines(c Clause) []string {
	var out []string
	for _, d := range c.Documents {
		out = append(out, docText(d))
	}
	for _, d := range c.Inherited {
		out = append(out, docText(d)+" via "+number(d.Via))
	}
	for _, j := range c.Exclusions {
		out = append(out, "excluded: "+oneLine(j.Justification))
	}
	for _, j := range c.NotApplicable {
		out = append(out, "not applicable: "+oneLine(j.Justification))
	}
	return out
}

func docText(d DocRef) string {
	s := d.ID
	if d.Title != "" && d.Title != d.ID {
		s += " " + d.Title
	}
	meta := []string{}
	if d.Revision != nil {
		meta = append(meta, fmt.Sprintf("rev %v", d.Revision))
	}
	if d.Status != "" {
		meta = append(meta, d.Status)
	}
	if !d.InForce {
		meta = append(meta, "not in force")
	}
	if d.ClaimLine > 0 {
		meta = append(meta, fmt.Sprintf("claimed at line %d", d.ClaimLine))
	}
	if len(meta) > 0 {
		s += " (" + strings.Join(meta, ", ") + ")"
	}
	return s
}

func claimLines(c Clause) []string {
	var out []string
	for _, cl := range c.Claims {
		s := fmt.Sprintf("%s:%d", cl.File, cl.Line)
		if cl.NotApplicable {
			s += " (not applicable)"
		}
		out = append(out, s)
	}
	return out
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// Markdown writes the matrix as a document an auditor can be handed.
func Markdown(w io.Writer, r *Report, opts RenderOptions) error {
	fmt.Fprintf(w, "# Clause coverage as of %s\n", r.Date)
	for _, s := range r.Standards {
		t := s.Summary
		fmt.Fprintf(w, "\n## %s\n\n%d of %d clauses addressed (**%.1f%%**): %d covered, %d excluded, %d not applicable, %d uncovered.",
			s.Name, t.Addressed(), t.Leaves, t.Percent(), t.Covered, t.Excluded, t.NotApplicable, t.Uncovered)
		if t.Claimed > t.Addressed() {
			fmt.Fprintf(w, " Claimed in document bodies as well: %d (%.1f%%).", t.Claimed, t.ClaimedPercent())
		}
		fmt.Fprint(w, "\n\n| Group | Title | Addressed | Claimed | % |\n| --- | --- | --: | --: | --: |\n")
		for _, g := range s.Groups {
			gt := g.Tally
			fmt.Fprintf(w, "| %s | %s | %d/%d | %d/%d | %.1f |\n", number(g.ID), cell(g.Title), gt.Addressed(), gt.Leaves, gt.Claimed, gt.Leaves, gt.Percent())
		}
		fmt.Fprint(w, "\n| Clause | Title | Status | Documents |")
		if opts.Claims {
			fmt.Fprint(w, " Claimed in |")
		}
		fmt.Fprint(w, "\n| --- | --- | --- | --- |")
		if opts.Claims {
			fmt.Fprint(w, " --- |")
		}
		fmt.Fprintln(w)
		for _, c := range s.Clauses {
			status := statusText(c)
			if status == "UNCOVERED" {
				status = "**uncovered**"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s |", number(c.ID), cell(c.Title), status, cell(strings.Join(docLines(c), "<br>")))
			if opts.Claims {
				fmt.Fprintf(w, " %s |", cell(strings.Join(claimLines(c), "<br>")))
			}
			fmt.Fprintln(w)
		}
	}
	if n := parentNote(r); n != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(n))
	}
	return nil
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// CSV writes one row per clause, for spreadsheets.
func CSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"standard", "clause", "title", "group", "leaf", "status", "claimed", "documents", "justification", "claims"})
	for _, s := range r.Standards {
		for _, c := range s.Clauses {
			var docs, just []string
			for _, d := range c.Documents {
				docs = append(docs, docText(d))
			}
			for _, d := range c.Inherited {
				docs = append(docs, docText(d)+" via "+number(d.Via))
			}
			for _, j := range append(append([]Justification{}, c.Exclusions...), c.NotApplicable...) {
				just = append(just, oneLine(j.Justification))
			}
			_ = cw.Write([]string{s.ID, number(c.ID), c.Title, number(c.Group), fmt.Sprint(c.Leaf), c.Status, fmt.Sprint(c.Claimed),
				strings.Join(docs, "; "), strings.Join(just, "; "), strings.Join(claimLines(c), "; ")})
		}
	}
	cw.Flush()
	return cw.Error()
}
