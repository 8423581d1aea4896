// Package render writes findings in the formats people and tools read.
// Renderers see only the findings and rule metadata they are given; they
// never read the repository.
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/qmslint/qmslint/internal/finding"
)

// FormatVersion is the version of the JSON output contract.
const FormatVersion = 1

// Report is what lint output is made from.
type Report struct {
	Date     string
	FailOn   string
	Findings []finding.Finding
	// Strict makes tracked and waived findings fail the gate too.
	Strict bool
	// Packs are the policy packs in force besides the built-in rules.
	Packs []finding.Pack
}

// JSON writes the documented JSON contract (docs/cli.md).
func JSON(w io.Writer, r Report) error {
	return encodeList(w, len(r.Findings), func(i int) any { return r.Findings[i] }, func(list json.RawMessage) any {
		return struct {
			Version  int             `json:"version"`
			Date     string          `json:"date"`
			Findings json.RawMessage `json:"findings"`
			Summary  finding.Summary `json:"summary"`
			Packs    []finding.Pack  `json:"packs,omitempty"`
		}{FormatVersion, r.Date, list, finding.Summarize(r.Findings), r.Packs}
	})
}

// TextOptions tune the human format.
type TextOptions struct {
	Color bool
}

var colors = map[string]string{
	finding.Major:       "\x1b[1;31m",
	finding.Minor:       "\x1b[33m",
	finding.Observation: "\x1b[36m",
}

// Text writes findings grouped by file, one per line as
//
//	file:line:col: severity id message [clauses] (status: CAPA ids)
//
// then a summary table. The id (rule:subject, what capa new --finding
// and waivers take) stands where the rule would: it starts with the rule,
// so the line is no longer and the id can be copied as it is. Control
// characters in a file name or message are escaped, so one finding is
// always one line.
func Text(w io.Writer, r Report, opts TextOptions) error {
	prev := "\x00"
	for _, f := range r.Findings {
		if f.File != prev && prev != "\x00" {
			fmt.Fprintln(w)
		}
		prev = f.File
		sev := f.Severity
		if opts.Color {
			sev = colors[f.Severity] + sev + "\x1b[0m"
		}
		fmt.Fprintf(w, "%s: %s %s %s", Location(f), sev, Escape(f.ID), Escape(f.Message))
		if f.Logical != "" {
			fmt.Fprintf(w, " (in %s)", Escape(f.Logical))
		}
		if len(f.Clauses) > 0 {
			fmt.Fprintf(w, " [%s]", Escape(strings.Join(f.Clauses, ", ")))
		}
		if f.Status != "" && f.Status != finding.StatusOpen {
			fmt.Fprintf(w, " (%s", f.Status)
			if len(f.CAPA) > 0 {
				fmt.Fprintf(w, ": %s", Escape(strings.Join(f.CAPA, ", ")))
			}
			fmt.Fprint(w, ")")
		}
		fmt.Fprintln(w)
	}
	if len(r.Findings) > 0 {
		fmt.Fprintln(w)
	}
	return summary(w, r)
}

// Location is file:line:col (the column in bytes, 1-based, as gcc and
// golangci-lint print it), the file alone for a whole-file finding, or
// "(repository)" for a finding about the repository as a whole that has
// no file to point at. Control characters in the name are escaped.
func Location(f finding.Finding) string {
	switch {
	case f.File == "":
		return "(repository)"
	case f.Line <= 0:
		return Escape(f.File)
	case f.Column <= 0:
		return fmt.Sprintf("%s:%d", Escape(f.File), f.Line)
	}
	return fmt.Sprintf("%s:%d:%d", Escape(f.File), f.Line, f.Column)
}

// Escape writes control characters (a newline in a file name, an escape
// sequence in a message) as Go escapes (\n, \x1b, \u2028), so a value
// cannot split a line of output or drive the terminal. Everything else,
// umlauts included, is kept as written.
func Escape(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !isControl(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

func isControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError
}

func summary(w io.Writer, r Report) error {
	s := finding.Summarize(r.Findings)
	if len(r.Findings) == 0 {
		_, err := fmt.Fprintf(w, "No findings as of %s.\n", r.Date)
		return err
	}
	t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowAlignment(tw.AlignRight))
	t.Header("Severity", "Findings")
	_ = t.Append("major", s.Major)
	_ = t.Append("minor", s.Minor)
	_ = t.Append("observation", s.Observation)
	t.Footer("total", len(r.Findings))
	if err := t.Render(); err != nil {
		return err
	}
	failing := 0
	for _, f := range r.Findings {
		if Gate(f, r.FailOn, r.Strict) {
			failing++
		}
	}
	_, err := fmt.Fprintf(w, "%d finding(s) as of %s; %d at or above --fail-on %s.\n", len(r.Findings), r.Date, failing, r.FailOn)
	return err
}

// Fails reports whether f fails the gate at threshold. Tracked and waived
// findings are handled by a CAPA or a concession and do not fail it.
func Fails(f finding.Finding, threshold string) bool {
	if f.Status == finding.StatusTracked || f.Status == finding.StatusWaived {
		return false
	}
	return finding.AtOrAbove(f.Severity, threshold)
}

// Gate is Fails, except that under --strict a finding handled by a CAPA
// or a waiver fails like any other: for the run before a certification
// audit, where only a clean system will do.
func Gate(f finding.Finding, threshold string, strict bool) bool {
	if strict {
		return finding.AtOrAbove(f.Severity, threshold)
	}
	return Fails(f, threshold)
}
