package review_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/review"
)

// sop is SOP-1 with the given front matter overrides and body.
func sop(fields map[string]string, body string) string {
	fm := map[string]string{
		"revision":  "1",
		"status":    "approved",
		"approvals": "[{by: Ann, role: QA, date: 2026-01-10}]",
		"effective": "2026-01-15",
		"clauses":   "[ISO13485:4.2.4]",
	}
	for k, v := range fields {
		fm[k] = v
	}
	var b strings.Builder
	b.WriteString("---\nid: SOP-1\nkind: procedure\ntitle: Document control\nowner: qa\n")
	for _, k := range []string{"revision", "status", "approvals", "effective", "clauses", "superseded_by"} {
		if v, ok := fm[k]; ok {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteString("---\n\n# Document control\n\n" + body + "\n")
	return b.String()
}

const wi = `---
id: WI-1
kind: work-instruction
title: Publishing
revision: 1
status: approved
owner: qa
approvals: [{by: Ann, role: QA, date: 2026-01-10}]
effective: 2026-01-15
references: [SOP-1]
---

# Publishing

Follow SOP-1.
`

const risks = `id: RR-1
kind: risk-register
title: Risks
revision: 1
status: approved
owner: qa
risks:
  - id: R-1
    description: Wrong version used.
    likelihood: 2
    severity: 3
    score: 6
    treatment: mitigate
    controls: [SOP-1]
`

const capa = `---
id: CAPA-1
kind: capa
title: Old version used
status: open
opened: 2026-01-20
owner: qa
actions:
  - {id: A1, type: corrective, description: "Add a release check to SOP-1.", owner: qa, due: 2026-12-01}
---

# CAPA-1
`

func base() map[string]string {
	return map[string]string{
		"qms/SOP-1.md":   sop(nil, "Documents are approved before use."),
		"qms/WI-1.md":    wi,
		"qms/risks.yaml": risks,
		"qms/CAPA-1.md":  capa,
		"qms/notes.txt":  "not a QMS file",
		"README.md":      "outside the QMS root",
	}
}

func compare(t *testing.T, change map[string]string) *review.Review {
	t.Helper()
	g := gittest.New(t)
	g.Commit("2026-02-01", "base", base())
	g.Commit("2026-05-02", "change", change)
	repo, err := gitrepo.Open(filepath.Join(g.Dir, "qms"))
	if err != nil {
		t.Fatal(err)
	}
	rv, err := review.Compare(context.Background(), repo, review.Options{
		BaseRef: "HEAD~1", HeadRef: "HEAD",
		Lint: lint.Options{Date: time.Date(2026, 5, 3, 0, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return rv
}

func changeRules(rv *review.Review) []string {
	var out []string
	for _, f := range rv.Introduced {
		if strings.HasPrefix(f.Rule, "change.") {
			out = append(out, f.ID)
		}
	}
	slices.Sort(out)
	return out
}

// changeCases are changes to SOP-1 and the change findings each gives.
func changeCases() []struct {
	name   string
	change map[string]string
	want   []string
} {
	return []struct {
		name   string
		change map[string]string
		want   []string
	}{
		{"controlled change", map[string]string{"qms/SOP-1.md": sop(map[string]string{
			"revision": "2", "approvals": "[{by: Ann, role: QA, date: 2026-05-02}]", "effective": "2026-05-09",
		}, "Documents are approved and released before use.")}, nil},
		{"content changed, nothing else", map[string]string{"qms/SOP-1.md": sop(nil, "Documents are used.")},
			[]string{"change.approval-stale:SOP-1", "change.revision-not-bumped:SOP-1"}},
		{"revision bumped, old approval", map[string]string{"qms/SOP-1.md": sop(map[string]string{"revision": "2"}, "Documents are used.")},
			[]string{"change.approval-stale:SOP-1"}},
		{"back to draft", map[string]string{"qms/SOP-1.md": sop(map[string]string{"revision": "2", "status": "draft"}, "Documents are used.")}, nil},
		{"effective before approval", map[string]string{"qms/SOP-1.md": sop(map[string]string{
			"revision": "2", "approvals": "[{by: Ann, role: QA, date: 2026-05-02}]", "effective": "2026-04-01",
		}, "Documents are released.")}, []string{"change.effective-before-approval:SOP-1"}},
		{"obsolete without replacement", map[string]string{"qms/SOP-1.md": sop(map[string]string{
			"revision": "2", "status": "obsolete", "approvals": "[{by: Ann, role: QA, date: 2026-05-02}]", "effective": "2026-05-02",
		}, "Withdrawn.")}, []string{"change.clause-dropped:ISO13485:4.2.4", "change.obsolete-without-replacement:SOP-1"}},
		{"clause dropped", map[string]string{"qms/SOP-1.md": sop(map[string]string{
			"revision": "2", "approvals": "[{by: Ann, role: QA, date: 2026-05-02}]", "effective": "2026-05-09", "clauses": "[]",
		}, "Documents are approved before use.")}, []string{"change.clause-dropped:ISO13485:4.2.4"}},
		{"deleted while referenced", map[string]string{"qms/SOP-1.md": ""},
			[]string{"change.clause-dropped:ISO13485:4.2.4", "change.obsolete-without-replacement:SOP-1"}},
	}
}

func TestChangeRules(t *testing.T) {
	t.Parallel()
	tests := changeCases()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rv := compare(t, tt.change)
			if got := changeRules(rv); !slices.Equal(got, tt.want) {
				t.Errorf("change findings = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDocsAndImpact(t *testing.T) {
	t.Parallel()
	rv := compare(t, map[string]string{"qms/SOP-1.md": sop(map[string]string{"revision": "2"}, "Changed."), "qms/WI-2.md": strings.Replace(wi, "WI-1", "WI-2", 1)})
	if len(rv.Docs) != 2 {
		t.Fatalf("docs = %+v, want SOP-1 changed and WI-2 added", rv.Docs)
	}
	d := rv.Docs[0]
	if d.ID != "SOP-1" || d.Status != review.Changed || !d.Bumped || d.RevisionBefore != "1" || d.RevisionAfter != "2" || !d.ContentChanged || d.ChangedOn != "2026-05-02" {
		t.Errorf("SOP-1 = %+v", d)
	}
	if !slices.Equal(d.Impact.ReferencedBy, []string{"WI-1", "WI-2"}) || !slices.Equal(d.Impact.Risks, []string{"R-1"}) || !slices.Equal(d.Impact.CAPAs, []string{"CAPA-1"}) {
		t.Errorf("impact = %+v", d.Impact)
	}
	if rv.Docs[1].ID != "WI-2" || rv.Docs[1].Status != review.Added {
		t.Errorf("WI-2 = %+v", rv.Docs[1])
	}
	var md strings.Builder
	if err := review.Markdown(&md, rv, "minor"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"qmslint review of `HEAD` against `HEAD~1`", "| **SOP-1** Document control", "1 → 2", "### Introduced by this change", "change.approval-stale", "referenced by WI-1, WI-2; control of risks R-1; named by actions of open CAPA-1"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	// New findings come before the impact and before findings left.
	if i, j := strings.Index(md.String(), "Introduced"), strings.Index(md.String(), "Change impact"); i < 0 || j < i {
		t.Errorf("introduced findings should come first:\n%s", md.String())
	}
}

func TestControlFieldsOnly(t *testing.T) {
	t.Parallel()
	rv := compare(t, map[string]string{"qms/SOP-1.md": sop(map[string]string{"approvals": "[{by: Ann, role: QA, date: 2026-01-10}, {by: Bob, role: CEO, date: 2026-01-12}]"}, "Documents are approved before use.")})
	if len(rv.Docs) != 1 || rv.Docs[0].ContentChanged || !slices.Equal(rv.Docs[0].NewApprovals, []string{"Bob (CEO), 2026-01-12"}) {
		t.Fatalf("docs = %+v", rv.Docs)
	}
	if got := changeRules(rv); len(got) != 0 {
		t.Errorf("adding an approval is not a change of content: %q", got)
	}
}

// The change rules judge each side's documents and registers cut to the
// fields they read (engine.Fields) when the runs did not convert them:
// every change gives the findings it gives with them whole, to the
// message and position. A rule that read a field the cut leaves out, or
// an object's keys, would differ here.
func TestCutChangeInputAgrees(t *testing.T) {
	changesAgree(t, review.CutChange, "with the documents cut", "whole")
}

// changesAgree holds the change rules to the same findings of every
// change of changeSet under set(true) (described as on) and set(false)
// (as off); set returns the function that restores the default.
func changesAgree(t *testing.T, set func(bool) func(), on, off string) {
	t.Helper()
	fired := 0
	for name, change := range changeSet() {
		with := changeFindings(t, change, set(true))
		without := changeFindings(t, change, set(false))
		if with != without {
			t.Errorf("%s: %s the change rules give\n%s\n%s\n%s", name, on, with, off, without)
		}
		if with != "" {
			fired++
		}
	}
	if fired < 10 {
		t.Errorf("only %d changes gave change findings: the comparison holds little", fired)
	}
}

// changeSet is every change of changeCases and a few more, by name.
func changeSet() map[string]map[string]string {
	changes := map[string]map[string]string{
		"register changed": {"qms/risks.yaml": strings.Replace(risks, "likelihood: 2", "likelihood: 3", 1)},
		"register removed": {"qms/risks.yaml": ""},
		"superseded": {
			"qms/SOP-1.md": sop(map[string]string{"revision": "2", "status": "obsolete", "superseded_by": "SOP-2",
				"approvals": "[{by: Ann, role: QA, date: 2026-05-02}]", "effective": "2026-05-02"}, "Withdrawn."),
			"qms/SOP-2.md": strings.Replace(sop(nil, "Replaces SOP-1."), "id: SOP-1", "id: SOP-2", 1),
		},
		"revision skipped": {"qms/SOP-1.md": sop(map[string]string{"revision": "4", "approvals": "[{by: Ann, role: QA, date: 2026-05-02}]", "effective": "2026-05-09"}, "Skipped.")},
		"revision back":    {"qms/WI-1.md": strings.Replace(strings.Replace(wi, "revision: 1", "revision: 0", 1), "Follow", "Now follow", 1)},
	}
	for _, c := range changeCases() {
		changes[c.name] = c.change
	}
	return changes
}

// TestChangeIndexAgrees holds the change rules to the same findings when
// the sides of input.change come with their index (as review
// gives them) and without it (as a hand-written input does, when the
// rules index the items themselves).
func TestChangeIndexAgrees(t *testing.T) {
	changesAgree(t, review.IndexChange, "with the index", "without it")
}

// changeFindings are the change rules' findings of a review of change,
// with the setting that restore undoes.
func changeFindings(t *testing.T, change map[string]string, restore func()) string {
	t.Helper()
	defer restore()
	rv := compare(t, change)
	var b strings.Builder
	for _, f := range slices.Concat(rv.Introduced, rv.Resolved, rv.Left) {
		if strings.HasPrefix(f.Rule, "change.") {
			fmt.Fprintf(&b, "%s %s:%d:%d %s %s\n", f.ID, f.File, f.Line, f.Column, f.Severity, f.Message)
		}
	}
	return b.String()
}
