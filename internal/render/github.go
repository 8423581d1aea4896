package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/qmslint/qmslint/internal/finding"
)

// GitHub writes one workflow command per finding, which the runner turns
// into an annotation on the file and line:
//
//	::error file=qms/a.md,line=12,col=3,title=doc.review-overdue (minor)::message
//
// col is the byte column. GitHub does not document its unit; columns
// point at keys and list items, whose indentation is ASCII, where bytes
// and characters agree.
//
// The runner shows only the first few annotations of each level per step,
// so GitHubSummary also writes every finding as a Markdown table for
// $GITHUB_STEP_SUMMARY.
func GitHub(w io.Writer, r Report, o Options) error {
	for _, f := range r.Findings {
		level := map[string]string{"error": "error", "warning": "warning", "note": "notice"}[Level(f.Severity)]
		var props []string
		props = append(props, "file="+escapeProperty(o.path(f)))
		if f.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Line))
			if f.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Column))
			}
		}
		props = append(props, "title="+escapeProperty(fmt.Sprintf("%s (%s)", f.Rule, f.Severity)))
		msg := f.Message
		if f.Status != finding.StatusOpen && f.Status != "" {
			msg += " (" + f.Status + ")"
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), escapeData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// escapeData escapes a command's message as the runner unescapes it.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty also escapes the separators of the property list.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// GitHubSummary writes the findings as Markdown for the job summary.
func GitHubSummary(w io.Writer, r Report, o Options) error {
	s := finding.Summarize(r.Findings)
	fmt.Fprintf(w, "### qmslint: %s as of %s\n\n", plural(len(r.Findings), "finding"), r.Date)
	if len(r.Findings) == 0 {
		_, err := fmt.Fprintln(w, "No findings.")
		return err
	}
	fmt.Fprintf(w, "%d major, %d minor, %d observation; %d at or above --fail-on %s.\n\n", s.Major, s.Minor, s.Observation, failing(r), r.FailOn)
	fmt.Fprintln(w, "| Severity | Rule | Where | Finding | Status |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	for _, f := range r.Findings {
		status := f.Status
		if len(f.CAPA) > 0 {
			status += ": " + strings.Join(f.CAPA, ", ")
		}
		fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s |\n", f.Severity, f.Rule, cell(locationIn(o, f)), cell(f.Message), cell(status))
	}
	return nil
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "\r\n", "<br>", "\n", "<br>").Replace(s)
}
