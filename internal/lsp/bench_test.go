package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/model"
)

// BenchmarkEvaluateQMS is one evaluation after a keystroke in SOP-010 of
// the reference QMS: what the author waits for after the debounce.
//
//	go test ./internal/lsp -run '^$' -bench EvaluateQMS
func BenchmarkEvaluateQMS(b *testing.B) {
	root, err := filepath.Abs(filepath.Join("..", "..", "qms"))
	if err != nil {
		b.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(sop010)))
	if err != nil {
		b.Fatal(err)
	}
	overlay := map[string][]byte{sop010: []byte(strings.Replace(string(text), "## 2. Scope", "## 2. Extent", 1))}
	lint := Pipeline(today, 0, nil)
	if _, err := lint(context.Background(), root, overlay); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := lint(context.Background(), root, overlay); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiagnostics makes the diagnostics of an evaluation that changed
// nothing on a QMS of 10,000 files with five findings each: what every
// evaluation of a large QMS pays before it sends the few that changed.
//
//	go test ./internal/lsp -run '^$' -bench Diagnostics
func BenchmarkDiagnostics(b *testing.B) {
	s := New(nil, "test")
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(b.TempDir())
	repo := &model.Repository{}
	var fs []finding.Finding
	for i := range 10_000 {
		file := fmt.Sprintf("documents/%03d/DOC-%05d.md", i/500, i)
		repo.Files = append(repo.Files, model.File{Path: file, SHA256: fmt.Sprintf("%064x", i)})
		for j := range 5 {
			fs = append(fs, finding.Finding{ID: fmt.Sprintf("r.%d:DOC-%05d", j, i), Rule: fmt.Sprintf("r.%d", j), Severity: finding.Minor, File: file, Line: j + 1, Message: "a finding about the document", Status: finding.StatusOpen})
		}
	}
	run := &Run{Findings: fs, Repo: repo}
	s.diagnostics(r, run)
	b.ResetTimer()
	for range b.N {
		open, rest := s.diagnostics(r, run)
		if n := len(open) + len(rest.made()); n != 0 {
			b.Fatalf("%d files published again, want none", n)
		}
	}
}
