package lsp

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/catalog/catalogtest"
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

// Clause ids complete and hover from the catalogs the repository's
// configuration knows, as its last run read them, beside the shipped
// ones.
func TestClausesOfTheRepositorysCatalogs(t *testing.T) {
	known := catalogtest.Set(t)
	root := t.TempDir()
	c := start(t, func(context.Context, string, map[string][]byte) (*Run, error) { return &Run{Catalogs: known}, nil }, root)
	uri := pathURI(filepath.Join(root, "SOP-1.md"))
	text := "---\nid: SOP-1\nclauses: [ACMEIC:1.1, ]\n---\n"
	c.open(uri, text)
	line, char := at(t, text, ", ]", 2)
	var list protocol.CompletionList
	c.call("textDocument/completion", position(uri, line, char), &list)
	if !hasItem(list, "ACMEIC:1.1", "Access reviewed every quarter") || !hasItem(list, catalog.Example(), "") {
		t.Errorf("clauses of the repository's and the shipped catalogs: %v", labels(list))
	}
	line, char = at(t, text, "ACMEIC:1.1", 3)
	var h protocol.Hover
	c.call("textDocument/hover", position(uri, line, char), &h)
	if v := markup(h); !strings.Contains(v, "Access reviewed every quarter") || !strings.Contains(v, "ACME internal controls 2026") {
		t.Errorf("hover = %q", v)
	}
}
