package review

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/qmslint/qmslint/internal/finding"
)

// Markdown writes the review as a pull-request comment, ordered for a
// reviewer with a minute: one summary line, the changed documents, the
// findings the change introduces, then what else to re-read.
func Markdown(w io.Writer, rv *Review, failOn string) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	gate := 0
	for _, f := range rv.Introduced {
		if finding.AtOrAbove(f.Severity, failOn) && f.Status != finding.StatusWaived && f.Status != finding.StatusTracked {
			gate++
		}
	}
	verdict := "✅"
	if gate > 0 {
		verdict = "❌"
	}
	p("## %s qmslint review of `%s` against `%s`\n\n", verdict, rv.Head.Ref, rv.Base.Ref)
	p("%s changed; %s introduced (%d at or above %s), %s resolved, %s left as they were.\n\n",
		count(len(rv.Docs), "controlled document"), count(len(rv.Introduced), "finding"), gate, failOn,
		count(len(rv.Resolved), "finding"), count(len(rv.Left), "finding"))
	if len(rv.Docs) > 0 {
		p("| Document | Change | Revision | Status | New approvals | Clauses | SoA controls |\n")
		p("| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, d := range rv.Docs {
			rev := arrow(d.RevisionBefore, d.RevisionAfter)
			if d.Status == Changed && d.ContentChanged && !d.Bumped {
				rev += " ⚠️ not bumped"
			}
			change := d.Status
			if d.Status == Changed && !d.ContentChanged {
				change += " (control fields only)"
			}
			if d.BaseFile != "" {
				change += fmt.Sprintf(" (moved from `%s`)", d.BaseFile)
			}
			status := arrow(d.StatusBefore, d.StatusAfter)
			if d.StatusBefore == "approved" && d.StatusAfter == "draft" {
				status += " (back to draft)"
			}
			p("| **%s** %s<br>`%s` | %s | %s | %s | %s | %s | %s |\n", d.ID, cell(d.Title), d.File, change, rev, status,
				list(d.NewApprovals), list(d.Clauses), list(d.Controls))
		}
		p("\n")
	}
	if len(rv.Introduced) > 0 {
		p("### Introduced by this change\n\n")
		findings(w, rv.Introduced)
	}
	impactSection(w, rv.Docs)
	if len(rv.Resolved) > 0 {
		p("<details><summary>Resolved by this change (%d)</summary>\n\n", len(rv.Resolved))
		findings(w, rv.Resolved)
		p("</details>\n\n")
	}
	if len(rv.Left) > 0 {
		p("<details><summary>Findings left as they were (%d)</summary>\n\n", len(rv.Left))
		findings(w, rv.Left)
		p("</details>\n\n")
	}
	p("<sub>qmslint as of %s, %s `%.8s` → %s `%.8s`</sub>\n", rv.Date, rv.Base.Ref, rv.Base.Commit, rv.Head.Ref, rv.Head.Commit)
	return nil
}

func impactSection(w io.Writer, docs []Doc) {
	var lines []string
	for _, d := range docs {
		var parts []string
		if len(d.Impact.ReferencedBy) > 0 {
			parts = append(parts, "referenced by "+strings.Join(d.Impact.ReferencedBy, ", "))
		}
		if len(d.Impact.Risks) > 0 {
			parts = append(parts, "control of risks "+strings.Join(d.Impact.Risks, ", "))
		}
		if len(d.Impact.CAPAs) > 0 {
			parts = append(parts, "named by actions of open "+strings.Join(d.Impact.CAPAs, ", "))
		}
		if len(d.Impact.Controls) > 0 {
			parts = append(parts, "implements SoA controls "+strings.Join(d.Impact.Controls, ", "))
		}
		if len(parts) > 0 {
			lines = append(lines, fmt.Sprintf("- **%s**: %s", d.ID, strings.Join(parts, "; ")))
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "### Change impact: re-read these\n\n%s\n\n", strings.Join(lines, "\n"))
}

func findings(w io.Writer, fs []finding.Finding) {
	fmt.Fprintf(w, "| Severity | Rule | Where | Finding |\n| --- | --- | --- | --- |\n")
	for _, f := range fs {
		where := f.File
		if f.Line > 0 {
			where = fmt.Sprintf("%s:%d", f.File, f.Line)
		}
		if where == "" {
			where = "(repository)"
		}
		fmt.Fprintf(w, "| %s | `%s` | `%s` | %s |\n", f.Severity, f.Rule, where, cell(f.Message))
	}
	fmt.Fprintln(w)
}

func arrow(a, b string) string {
	switch {
	case a == b:
		return orDash(a)
	}
	return orDash(a) + " → " + orDash(b)
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func list(ss []string) string {
	if len(ss) == 0 {
		return "–"
	}
	return strings.Join(ss, ", ")
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// cellEscapes is built once: building a Replacer is most of escaping
// one cell, and a large review escapes thousands.
var cellEscapes = strings.NewReplacer("|", "\\|", "\n", "<br>")

func cell(s string) string { return cellEscapes.Replace(s) }

// JSON writes the review as JSON (version 1).
func JSON(w io.Writer, rv *Review) error {
	nonNil := func(fs []finding.Finding) []finding.Finding {
		if fs == nil {
			return []finding.Finding{}
		}
		return fs
	}
	docs := rv.Docs
	if docs == nil {
		docs = []Doc{}
	}
	out := struct {
		Version    int               `json:"version"`
		Date       string            `json:"date"`
		Base       Side              `json:"base"`
		Head       Side              `json:"head"`
		Documents  []Doc             `json:"documents"`
		Introduced []finding.Finding `json:"introduced"`
		Resolved   []finding.Finding `json:"resolved"`
		Left       []finding.Finding `json:"left"`
	}{1, rv.Date, rv.Base, rv.Head, docs, nonNil(rv.Introduced), nonNil(rv.Resolved), nonNil(rv.Left)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
