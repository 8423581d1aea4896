package termtable

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

func widest(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, runewidth.StringWidth(l))
	}
	return n
}

func TestRenderFitsWidth(t *testing.T) {
	tb := Table{
		Header: []string{"Clause", "Title", "Documents"},
		Rows: [][]string{
			{"4.1.1", "Documenting the quality management system and the regulatory roles of the organisation", "MAN-001 Integrated management system manual (rev 5, approved)\nSOP-025 Legal, regulatory and contractual requirements (rev 3, approved)"},
			{"A.5.10", "Acceptable use of information", ""},
		},
		Wrap: []int{1, 2},
	}
	var wide bytes.Buffer
	if err := tb.Render(&wide, 1000); err != nil {
		t.Fatal(err)
	}
	if widest(wide.String()) <= 80 {
		t.Fatalf("the test table must be wider than 80 unwrapped:\n%s", wide.String())
	}
	for _, width := range []int{100, 80, 40} {
		var b bytes.Buffer
		if err := tb.Render(&b, width); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if got := widest(out); got > width {
			t.Errorf("width %d: table is %d wide:\n%s", width, got, out)
		}
		// Wrapped, not truncated: every word is still there.
		flat := strings.Join(strings.Fields(strings.NewReplacer("│", " ").Replace(out)), " ")
		for _, w := range []string{"regulatory", "MAN-001", "SOP-025", "(rev 3,", "A.5.10"} {
			if width >= 80 && !strings.Contains(flat, w) {
				t.Errorf("width %d: %q lost:\n%s", width, w, out)
			}
		}
	}
}

func TestRenderKeepsWords(t *testing.T) {
	tb := Table{
		Header: []string{"Rule", "Clauses", "Title"},
		Rows:   [][]string{{"doc.review-overdue", "ISO13485:4.2.4 ISO27001:A.5.37", "Document not reviewed within its review period"}},
		Wrap:   []int{1, 2},
		Words:  []int{1},
	}
	var b bytes.Buffer
	if err := tb.Render(&b, 50); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ISO13485:4.2.4", "ISO27001:A.5.37"} {
		if !strings.Contains(b.String(), id) {
			t.Errorf("%s broken across lines:\n%s", id, b.String())
		}
	}
	if got := widest(b.String()); got > 50 {
		t.Errorf("table is %d wide:\n%s", got, b.String())
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"one two three", 7, "one two\nthree"},
		{"one\ntwo three", 20, "one\ntwo three"},
		{"abcdefghij", 4, "abcd\nefgh\nij"},
		{"a abcdefgh", 4, "a\nabcd\nefgh"},
		{"", 5, ""},
	} {
		if got := Wrap(tc.in, tc.width); got != tc.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
