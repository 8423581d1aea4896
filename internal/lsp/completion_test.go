package lsp

import (
	"context"
	"path/filepath"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func TestFrontMatterKey(t *testing.T) {
	text := "---\nid: SOP-001\nreferences:\n  - PLN-001\n  - \nreview: {last: 2026-01-01}\nclauses: [ISO13485:4.2.4, ]\n---\n\nreferences: body\n"
	for _, tc := range []struct {
		line, at int
		want     string
	}{
		{1, 5, "id"},
		{1, 1, ""}, // on the key itself
		{4, 4, "references"},
		{3, 5, "references"},
		{6, 26, "clauses"},
		{9, 12, ""}, // the body
	} {
		line := lineAt(text, tc.line)
		if got := frontMatterKey(text, tc.line, line, tc.at); got != tc.want {
			t.Errorf("line %d col %d (%q): key %q, want %q", tc.line, tc.at, line, got, tc.want)
		}
	}
}

// A YAML register is all front matter: its kind completes too.
func TestCompletionInYAML(t *testing.T) {
	root := t.TempDir()
	c := start(t, func(context.Context, string, map[string][]byte) (*Run, error) { return &Run{}, nil }, root)
	uri := pathURI(filepath.Join(root, "registers", "risks.yaml"))
	c.open(uri, "kind: ri\nrisks: []\n")
	var list protocol.CompletionList
	c.call("textDocument/completion", position(uri, 0, 8), &list)
	if !hasItem(list, "risk-register", "") {
		t.Errorf("kinds in a YAML file: %v", labels(list))
	}
}
