package load

import (
	"slices"
	"testing"
)

func TestRecoverID(t *testing.T) {
	for _, tt := range []struct{ rel, src, want string }{
		{"procedures/x.md", "id: SOP-005\ntitle: [unclosed\n", "SOP-005"},
		{"procedures/x.md", "title: a\nid: \"SOP-006\"  # quoted\n", "SOP-006"},
		{"procedures/SOP-007-capa.md", "title: [unclosed\n", "SOP-007"},
		{"capa/CAPA-2026-004-late.md", "kind: capa\n", "CAPA-2026-004"},
		{"notes/readme.md", "title: [\n", ""},
		{"procedures/x.md", "  id: NESTED-1\n", ""},
	} {
		if got := recoverID(tt.rel, []byte(tt.src)); got != tt.want {
			t.Errorf("recoverID(%s, %q) = %q, want %q", tt.rel, tt.src, got, tt.want)
		}
	}
}

func TestRecoverClauses(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want []string
	}{
		{"id: SOP-5\nclauses: [ISO13485:8.5.2, \"ISO27001:10.1\"]  # why\ntitle: [x\n", []string{"ISO13485:8.5.2", "ISO27001:10.1"}},
		{"id: SOP-5\nclauses:\n  - ISO13485:8.5.2\n  - 'ISO13485:8.5.3'\ntitle: [x\n", []string{"ISO13485:8.5.2", "ISO13485:8.5.3"}},
		{"id: SOP-5\ntitle: [x\n", nil},
		{"id: SOP-5\nparent:\n  clauses: [ISO13485:8.5.2]\n", nil},
	} {
		if got := recoverClauses([]byte(tt.src)); !slices.Equal(got, tt.want) {
			t.Errorf("recoverClauses(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}
