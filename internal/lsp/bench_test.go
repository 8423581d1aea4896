package lsp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
