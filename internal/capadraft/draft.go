// Package capadraft writes a new CAPA record pre-filled from findings: the
// next free id in the repository's numbering, the rule's title, clauses and
// description, where each finding is, and placeholders for the rest.
//
// A draft is a starting point for a person, never a finished CAPA: it
// passes the schema and the rules for open CAPAs, and leaves root cause,
// owners and the real actions to the investigation; until they are there
// its findings are not tracked (trace.CAPA.Missing).
package capadraft

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/safepath"
	"github.com/qmslint/qmslint/internal/trace"
)

// Planning defaults of a draft, counted from the day it is opened; the
// person who takes the CAPA on adjusts them.
const (
	ActionDays        = 30
	EffectivenessDays = 90
)

// Draft is what goes into a new CAPA record.
type Draft struct {
	ID       string
	Title    string
	Date     string // opened, YYYY-MM-DD
	Findings []finding.Finding
	// Rules by id, for the title, clauses and description of each finding.
	Rules map[string]finding.Rule
	// Risks are risk ids the findings are about; the CAPA names them so it
	// shows in their history.
	Risks []string
}

// Title is a default title from the first finding's rule.
func Title(fs []finding.Finding, rules map[string]finding.Rule) string {
	if len(fs) == 0 {
		return "Corrective action"
	}
	name := fs[0].Rule
	if r, ok := rules[fs[0].Rule]; ok {
		name = r.Title
	}
	t := name + ": " + fs[0].Subject
	if len(fs) > 1 {
		t += fmt.Sprintf(" and %d more", len(fs)-1)
	}
	return t
}

// Markdown renders the draft.
func (d Draft) Markdown() ([]byte, error) {
	opened, err := time.Parse("2006-01-02", d.Date)
	if err != nil {
		return nil, fmt.Errorf("opened: %q is not a date", d.Date)
	}
	due := opened.AddDate(0, 0, ActionDays).Format("2006-01-02")
	effDue := opened.AddDate(0, 0, EffectivenessDays).Format("2006-01-02")
	var clauses, ids []string
	for _, f := range d.Findings {
		ids = append(ids, f.ID)
		for _, c := range f.Clauses {
			if !slices.Contains(clauses, c) {
				clauses = append(clauses, c)
			}
		}
	}
	slices.Sort(clauses)
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("---\n")
	w("id: %s\n", d.ID)
	w("kind: capa\n")
	w("title: %s\n", q(d.Title))
	w("status: open\n")
	w("opened: %s\n", d.Date)
	w("source: finding\n")
	w("findings:\n")
	for _, id := range ids {
		w("  - %s\n", q(id))
	}
	w("risks: [%s]\n", strings.Join(d.Risks, ", "))
	if len(clauses) > 0 {
		w("clauses: [%s]\n", strings.Join(clauses, ", "))
	}
	w("# Why it happened, once the investigation has found out (required to close).\n")
	w("root_cause: \"\"\n")
	w("actions:\n")
	w("  - id: A1\n    type: correction\n    description: %s\n    due: %s\n", q(trace.PlaceholderActions[0]), due)
	w("  - id: A2\n    type: corrective\n    description: %s\n    due: %s\n", q(trace.PlaceholderActions[1]), due)
	w("effectiveness:\n")
	w("  method: %s\n", q("qmslint lint reports none of the findings above, and the process owner confirms the cause is gone."))
	w("  due: %s\n", effDue)
	w("  result: pending\n")
	w("---\n\n")
	w("# %s: %s\n\n", d.ID, d.Title)
	w("Drafted by `qmslint capa new` on %s from %d finding(s). Replace the\n", d.Date, len(d.Findings))
	w("placeholders, set owners and due dates, and keep this record up to date\n")
	w("until the effectiveness check is done.\n\n")
	w("## Findings\n\n")
	for _, f := range d.Findings {
		d.finding(&b, f)
	}
	w("## What happened\n\n_How the nonconformity was found and what it affected._\n\n")
	w("## Investigation\n\n_How the root cause was determined (for example five whys), and whether the same cause can act elsewhere._\n\n")
	w("## Evidence\n\n_Links to the changes, records and test results that show each action was done and worked._\n")
	return b.Bytes(), nil
}

func (d Draft) finding(b *bytes.Buffer, f finding.Finding) {
	r, known := d.Rules[f.Rule]
	fmt.Fprintf(b, "### `%s`\n\n", f.ID)
	if known {
		fmt.Fprintf(b, "- Rule: %s, *%s* (%s)\n", f.Rule, r.Title, f.Severity)
	} else {
		fmt.Fprintf(b, "- Rule: %s\n", f.Rule)
	}
	if len(f.Clauses) > 0 {
		fmt.Fprintf(b, "- Clauses: %s\n", strings.Join(f.Clauses, ", "))
	}
	switch {
	case f.File != "" && f.Line > 0:
		fmt.Fprintf(b, "- Where: `%s:%d`\n", f.File, f.Line)
	case f.File != "":
		fmt.Fprintf(b, "- Where: `%s`\n", f.File)
	}
	if f.Message != "" {
		fmt.Fprintf(b, "- Reported: %s\n", f.Message)
	} else {
		fmt.Fprintf(b, "- Reported: not reported on %s; drafted with --force\n", d.Date)
	}
	b.WriteString("\n")
	if known && r.Description != "" {
		fmt.Fprintf(b, "%s\n\n", strings.Join(strings.Fields(r.Description), " "))
	}
}

// q quotes a YAML string: a JSON string is a valid YAML double-quoted
// scalar, and it survives colons, '#' and leading dashes in titles.
func q(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// ErrExists is returned when the file is already there: a draft never
// overwrites anything.
var ErrExists = errors.New("file already exists")

// ErrOutside is returned when the draft would land outside the root, as
// through a CAPA folder that is a link to elsewhere.
var ErrOutside = errors.New("outside the repository")

// Write creates root/rel with content, creating its directory; it fails
// with ErrExists rather than overwrite a file (O_EXCL also refuses a
// dangling link), and with ErrOutside rather than write outside root.
func Write(root, rel string, content []byte) error {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if _, err := safepath.Within(root, p); err != nil {
		return fmt.Errorf("%s: %w; qmslint writes a draft only inside the repository", rel, ErrOutside)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s: %w; qmslint never overwrites a record", rel, ErrExists)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(content); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
