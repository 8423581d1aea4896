// Package termtable lays out text for a terminal: the CLI's boxed tables
// no wider than the terminal (columns that hold prose, such as titles and
// document lists, are wrapped at word boundaries until the table fits; the
// short ones, ids, counts and statuses, are left whole), and the Markdown
// of rule documentation as plain text (markdown.go).
package termtable

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// NotTerminal is the width of tables written to a file, a pipe or a CI
// log: wide enough for ids and titles side by side, narrow enough to read
// in a pull request or a 100-column editor.
const NotTerminal = 100

// minWrap is the narrowest a wrapped column becomes, breaking words if
// it must: a narrow terminal still gets a table that fits, if not one
// pleasant to read.
const minWrap = 6

// Table is one table: a header, rows and an optional footer.
type Table struct {
	Header []string
	Rows   [][]string
	Footer []string
	// Wrap lists the columns that may be wrapped, by index; none listed,
	// the table is drawn as it is.
	Wrap []int
	// Words lists wrappable columns of ids (clauses) that are wrapped
	// only between words, never inside one.
	Words []int
	// AlignRight right-aligns the cells of the rows and footer (counts).
	AlignRight bool
}

// Render draws t within width columns when its wrappable columns allow
// it (a table of ids alone may still be wider).
func (t Table) Render(w io.Writer, width int) error {
	rows := t.fit(width)
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithFooterAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	}
	if t.AlignRight {
		opts = append(opts, tablewriter.WithRowAlignment(tw.AlignRight), tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{Global: tw.AlignRight}))
	}
	tb := tablewriter.NewTable(w, opts...)
	tb.Header(anys(t.Header)...)
	for _, r := range rows {
		if err := tb.Append(anys(r)...); err != nil {
			return err
		}
	}
	if t.Footer != nil {
		tb.Footer(anys(t.Footer)...)
	}
	return tb.Render()
}

// fit returns the rows with the wrappable columns wrapped so that the
// drawn table is at most width wide: the widest wrappable column gives up
// a column at a time, so long titles shrink before short ones. A table
// whose fixed columns alone are wider than width stays wider.
func (t Table) fit(width int) [][]string {
	n := len(t.Header)
	widths := make([]int, n)
	measure := func(i int, cell string) {
		for _, line := range strings.Split(cell, "\n") {
			widths[i] = max(widths[i], runewidth.StringWidth(line))
		}
	}
	floor := make([]int, n)
	for i := range floor {
		floor[i] = minWrap
	}
	for i, h := range t.Header {
		measure(i, h)
	}
	for _, i := range t.Words {
		for _, r := range t.Rows {
			if i < len(r) {
				for _, w := range strings.Fields(r[i]) {
					floor[i] = max(floor[i], runewidth.StringWidth(w))
				}
			}
		}
	}
	for _, r := range t.Rows {
		for i := 0; i < n && i < len(r); i++ {
			measure(i, r[i])
		}
	}
	for i := 0; i < n && i < len(t.Footer); i++ {
		measure(i, t.Footer[i])
	}
	// "│ a │ b │": one space either side of every cell and a rule
	// before each column and after the last.
	total := func() int {
		s := 3*n + 1
		for _, w := range widths {
			s += w
		}
		return s
	}
	shrunk := false
	for total() > width {
		widest := -1
		for _, i := range t.Wrap {
			if i < n && widths[i] > floor[i] && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		widths[widest]--
		shrunk = true
	}
	if !shrunk {
		return t.Rows
	}
	out := make([][]string, len(t.Rows))
	for j, r := range t.Rows {
		row := append([]string(nil), r...)
		for _, i := range t.Wrap {
			if i < len(row) {
				row[i] = Wrap(row[i], widths[i])
			}
		}
		out[j] = row
	}
	return out
}

// Wrap breaks s into lines of at most width display columns, at spaces
// where it can and inside a word only when the word alone is wider.
// Existing line breaks are kept.
func Wrap(s string, width int) string {
	if width < 1 {
		return s
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for runewidth.StringWidth(word) > width {
				if line != "" {
					out = append(out, line)
					line = ""
				}
				head := runewidth.Truncate(word, width, "")
				out = append(out, head)
				word = word[len(head):]
			}
			switch {
			case line == "":
				line = word
			case runewidth.StringWidth(line)+1+runewidth.StringWidth(word) <= width:
				line += " " + word
			default:
				out = append(out, line)
				line = word
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
