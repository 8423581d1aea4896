package lsp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/model"
)

// Findings on files other than the open one are published too, with
// their severities mapped, and a file whose findings are gone gets an
// empty list rather than keeping stale ones.
func TestDiagnosticsOnEveryFile(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "other.md"), []byte("---\nid: SOP-2\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int32
	lint := func(_ context.Context, _ string, overlay map[string][]byte) (*Run, error) {
		if _, ok := overlay["open.md"]; !ok {
			t.Errorf("overlay %v lacks the open buffer", overlay)
		}
		if runs.Add(1) > 1 {
			return &Run{}, nil // the author fixed everything
		}
		return &Run{Findings: []finding.Finding{
			{ID: "a.b:SOP-1", Rule: "a.b", Severity: finding.Major, File: "open.md", Line: 2, Column: 5, Message: "major", Status: finding.StatusOpen},
			{ID: "c.d:SOP-2", Rule: "c.d", Severity: finding.Observation, File: "other.md", Line: 2, Column: 1, Message: "observation", Status: finding.StatusOpen},
			{ID: "e.f:SOP-2", Rule: "e.f", Severity: finding.Major, File: "other.md", Line: 0, Message: "waived", Status: finding.StatusWaived},
		}, Rules: map[string]Rule{"a.b": {Help: "https://example.org/a.b"}}}, nil
	}
	c := start(t, lint, root)
	open, other := pathURI(filepath.Join(root, "open.md")), pathURI(filepath.Join(root, "other.md"))
	c.open(open, "---\nid: SOP-1\n---\n")
	got := c.diagnostics(open, func(ds []diag) bool { return len(ds) == 1 })
	if d := got[0]; d.Severity != int(protocol.DiagnosticSeverityError) || d.Code != "a.b" || d.CodeDescription.HRef != "https://example.org/a.b" || d.Range.Start.Line != 1 || d.Range.Start.Character != 4 {
		t.Errorf("open.md: %+v", d)
	}
	got = c.diagnostics(other, func(ds []diag) bool { return len(ds) == 2 })
	if got[0].Severity != int(protocol.DiagnosticSeverityInformation) || got[1].Severity != int(protocol.DiagnosticSeverityHint) || got[1].Message != "waived (waived)" {
		t.Errorf("other.md: %+v", got)
	}
	c.change(open, 2, "---\nid: SOP-1\ntitle: fixed\n---\n")
	// The open buffer's first, then the others.
	c.diagnostics(open, func(ds []diag) bool { return len(ds) == 0 })
	c.diagnostics(other, func(ds []diag) bool { return len(ds) == 0 })
}

// A configuration the pipeline refuses stops every evaluation: the editor
// shows why instead of falling silent.
func TestLintErrorIsShown(t *testing.T) {
	root := t.TempDir()
	c := start(t, func(context.Context, string, map[string][]byte) (*Run, error) {
		return nil, errors.New(".qmslint.yaml: rules: unknown rule \"doc.nope\"\nmore")
	}, root)
	c.open(pathURI(filepath.Join(root, "a.md")), "")
	select {
	case m := <-c.msgs:
		if m.Type != protocol.MessageTypeError || m.Message != `qmslint: .qmslint.yaml: rules: unknown rule "doc.nope" …` {
			t.Errorf("message = %+v", m)
		}
	case <-c.diags:
		t.Error("diagnostics instead of the error")
	case <-time.After(time.Minute):
		t.Error("no message")
	}
}

// A file whose text and findings are those of the last evaluation is not
// sent again; one whose text or findings changed is, and so is every open
// buffer.
func TestDiagnosticsOnlyWhenChanged(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "other.md"), []byte("---\nid: SOP-2\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := []finding.Finding{{ID: "c.d:SOP-2", Rule: "c.d", Severity: finding.Minor, File: "other.md", Line: 2, Column: 1, Message: "minor", Status: finding.StatusOpen}}
	runs := []*Run{
		{Repo: &model.Repository{Files: []model.File{{Path: "other.md", SHA256: "one"}}}, Findings: other},
		// The same text and findings: not sent.
		{Repo: &model.Repository{Files: []model.File{{Path: "other.md", SHA256: "one"}}}, Findings: other},
		// The text changed on disk, the findings did not: sent.
		{Repo: &model.Repository{Files: []model.File{{Path: "other.md", SHA256: "two"}}}, Findings: other},
		// The findings changed: sent.
		{Repo: &model.Repository{Files: []model.File{{Path: "other.md", SHA256: "two"}}}, Findings: []finding.Finding{{ID: "c.d:SOP-2", Rule: "c.d", Severity: finding.Major, File: "other.md", Line: 2, Column: 1, Message: "minor", Status: finding.StatusOpen}}},
		// Gone: an empty list.
		{Repo: &model.Repository{Files: []model.File{{Path: "other.md", SHA256: "two"}}}},
	}
	var n atomic.Int32
	lint := func(context.Context, string, map[string][]byte) (*Run, error) {
		i := int(n.Add(1)) - 1
		if i >= len(runs) {
			return runs[len(runs)-1], nil
		}
		return runs[i], nil
	}
	c := start(t, lint, root)
	open := pathURI(filepath.Join(root, "open.md"))
	c.open(open, "a")
	// Each evaluation's in turn, the next change made once they are in:
	// a file sent when it should not be shows as the first of the next.
	evaluations := [][]string{
		{"open.md 0", "other.md 1"}, // the first evaluation
		{"open.md 0"},               // the same: only the open buffer
		{"open.md 0", "other.md 1"}, // the text changed
		{"open.md 0", "other.md 1"}, // the findings changed
		{"open.md 0", "other.md 0"}, // gone
	}
	for i, want := range evaluations {
		var got []string
		for len(got) < len(want) {
			select {
			case p := <-c.diags:
				got = append(got, fmt.Sprintf("%s %d", filepath.Base(p.URI), len(p.Diagnostics)))
			case <-time.After(time.Minute):
				t.Fatalf("evaluation %d published %q, then nothing", i+1, got)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("evaluation %d published %q, want %q", i+1, got, want)
		}
		if i+1 < len(evaluations) {
			c.change(open, i+2, strings.Repeat("a", i+2))
		}
	}
}

// Findings out of order by file are each shown on their file, all of a
// file's together.
func TestDiagnosticsOfUnsortedFindings(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"a.md", "b.md"} {
		if err := os.WriteFile(filepath.Join(root, f), []byte("text\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lint := func(context.Context, string, map[string][]byte) (*Run, error) {
		return &Run{Findings: []finding.Finding{
			{ID: "r:b1", Rule: "r", Severity: finding.Minor, File: "b.md", Line: 1, Message: "b1", Status: finding.StatusOpen},
			{ID: "r:a", Rule: "r", Severity: finding.Minor, File: "a.md", Line: 1, Message: "a", Status: finding.StatusOpen},
			{ID: "r:b2", Rule: "r", Severity: finding.Minor, File: "b.md", Line: 1, Message: "b2", Status: finding.StatusOpen},
		}}, nil
	}
	c := start(t, lint, root)
	a, b := pathURI(filepath.Join(root, "a.md")), pathURI(filepath.Join(root, "b.md"))
	c.open(a, "text\n")
	c.diagnostics(a, func(ds []diag) bool { return len(ds) == 1 && ds[0].Message == "a" })
	got := c.diagnostics(b, func([]diag) bool { return true })
	if len(got) != 2 || got[0].Message != "b1" || got[1].Message != "b2" {
		t.Errorf("b.md: %+v, want b1 and b2", got)
	}
}
