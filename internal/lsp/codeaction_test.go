package lsp

import (
	"testing"
)

func TestRevisionBump(t *testing.T) {
	for _, tc := range []struct{ text, title, newText string }{
		{"---\nid: SOP-1\nrevision: 6\n---\n", "Raise the revision from 6 to 7", "7"},
		{"---\nrevision: \"1.9\" # as approved\n---\n", "Raise the revision from 1.9 to 1.10", "1.10"},
		{"---\nrevision: B\n---\n", "Raise the revision from B to C", "C"},
		{"---\nrevision: draft\n---\n", "", ""},
		{"---\nid: SOP-1\n---\nrevision: 3\n", "", ""}, // body text, not front matter
	} {
		title, edit := revisionBump(tc.text)
		if title != tc.title || (edit == nil) != (tc.newText == "") || edit != nil && edit.NewText != tc.newText {
			t.Errorf("%q: %q %+v, want %q %q", tc.text, title, edit, tc.title, tc.newText)
		}
	}
	_, edit := revisionBump("---\nrevision: \"1.9\"\n---\n")
	if edit.Range.Start.Line != 1 || edit.Range.Start.Character != 11 || edit.Range.End.Character != 14 {
		t.Errorf("range = %+v, want line 1, characters 11 to 14 (inside the quotes)", edit.Range)
	}
}

func TestAddSection(t *testing.T) {
	text := "---\nid: SOP-1\n---\n\n# Title\n\n### 1. Purpose\n\n### 2. Scope\n\n```\n## not a heading\n## nor this\n```\n"
	title, edit := addSection(text, "Responsibilities")
	if title != `Add a "Responsibilities" section` || edit.NewText != "\n### Responsibilities\n" {
		t.Errorf("%q %q", title, edit.NewText)
	}
	if edit.Range.Start.Line != 14 || edit.Range.Start.Character != 0 {
		t.Errorf("inserted at %+v, want the end (line 14)", edit.Range.Start)
	}
	if _, edit := addSection("---\nid: x\n---\nno newline", "Scope"); edit.NewText != "\n\n## Scope\n" {
		t.Errorf("without a final newline: %q", edit.NewText)
	}
}
