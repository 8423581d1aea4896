// Package render writes findings in the formats people and tools read.
// Renderers see only the findings and rule metadata they are given; they
// never read the repository.
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/qmslint/qmslint/internal/engine"
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
	Packs []engine.Pack
}

// JSON writes the documented JSON contract (docs/cli.md).
func JSON(w io.Writer, r Report) error {
	out := struct {
		Version  int               `json:"version"`
		Date     string            `json:"date"`
		Findings []finding.Finding `json:"findings"`
		Summary  finding.Summary   `json:"summary"`
		Packs    []engine.Pack     `json:"packs,omitempty"`
	}{FormatVersion, r.Date, r.Findings, finding.Summarize(r.Findings), r.Packs}
	if out.Findings == nil {
		out.Findings = []finding.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
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
// file:line severity rule message [clauses], then a summary table.
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
		fmt.Fprintf(w, "%s %s %s %s", Location(f), sev, f.Rule, f.Message)
		if len(f.Clauses) > 0 {
			fmt.Fprintf(w, " [%s]", strings.Join(f.Clauses, ", "))
		}
		if f.Status != "" && f.Status != finding.StatusOpen {
			fmt.Fprintf(w, " (%s", f.Status)
			if len(f.CAPA) > 0 {
				fmt.Fprintf(w, ": %s", strings.Join(f.CAPA, ", "))
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

// Location is file:line, the file alone for a whole-file finding, or
// "(repository)" for findings about the repository as a whole.
func Location(f finding.Finding) string {
	switch {
	case f.File == "":
		return "(repository)"
	case f.Line <= 0:
		return f.File
	}
	return fmt.Sprintf("%s:%d", f.File, f.Line)
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
