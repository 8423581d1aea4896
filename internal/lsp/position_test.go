package lsp

import (
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Findings count columns from 1 in bytes; LSP from 0 in UTF-16 code
// units. An umlaut is two bytes and one unit, an emoji four bytes and two.
func TestFindingRangeInUTF16(t *testing.T) {
	text := "---\nowner: Jürgen 😀 Weiß\n---\n"
	// "Weiß" starts at byte 20 (1-based 21): o-w-n-e-r-:-space (7) +
	// "Jürgen " (8 bytes) + "😀 " (5 bytes).
	got := findingRange(text, 2, 21)
	want := protocol.Range{
		Start: protocol.Position{Line: 1, Character: 17},
		End:   protocol.Position{Line: 1, Character: 21},
	}
	if got != want {
		t.Errorf("range = %+v, want %+v", got, want)
	}
	if got := findingRange(text, 0, 0); got.Start.Line != 0 || got.End.Character != 3 {
		t.Errorf("whole-file range = %+v, want the first line", got)
	}
	if b := toByte("Jürgen 😀 Weiß", 10); b != 13 {
		t.Errorf("toByte = %d, want 13 (after the emoji)", b)
	}
}

func TestTokenAt(t *testing.T) {
	for _, tc := range []struct {
		line string
		at   int
		want string
	}{
		{"clauses: [ISO13485:7.5.11, ISO27001:A.8.13]", 30, "ISO27001:A.8.13"},
		{"references: [INV-001, PLN-002]", 24, "PLN-002"},
		{"within the objectives of PLN-002.", 28, "PLN-002"},
		{"see SOP-010: backups", 6, "SOP-010"},
		{"plain words", 3, "plain"},
	} {
		if got, _, _ := tokenAt(tc.line, tc.at); got != tc.want {
			t.Errorf("tokenAt(%q, %d) = %q, want %q", tc.line, tc.at, got, tc.want)
		}
	}
}
