package load

import "testing"

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
