package history

import "testing"

func TestParse(t *testing.T) {
	base := "---\nid: SOP-1\nrevision: 3\nstatus: approved\napprovals: [{by: A, date: 2026-01-01}]\nclauses: [ISO13485:4.2.4]\n---\n\n# Body\n\nText.\n"
	tests := []struct {
		name, src string
		same      bool
	}{
		{"identical", base, true},
		{"approval added", "---\nid: SOP-1\nrevision: 3\nstatus: approved\napprovals: [{by: A, date: 2026-01-01}, {by: B, date: 2026-02-01}]\nclauses: [ISO13485:4.2.4]\n---\n\n# Body\n\nText.\n", true},
		{"CRLF line ends are not a change", "---\r\nid: SOP-1\r\nrevision: 3\r\nstatus: approved\r\napprovals: [{by: A, date: 2026-01-01}]\r\nclauses: [ISO13485:4.2.4]\r\n---\r\n\r\n# Body\r\n\r\nText.\r\n", true},
		{"body changed", "---\nid: SOP-1\nrevision: 3\nstatus: approved\napprovals: [{by: A, date: 2026-01-01}]\nclauses: [ISO13485:4.2.4]\n---\n\n# Body\n\nOther text.\n", false},
		{"clause dropped", "---\nid: SOP-1\nrevision: 3\nstatus: approved\napprovals: [{by: A, date: 2026-01-01}]\nclauses: []\n---\n\n# Body\n\nText.\n", false},
	}
	want := Parse("a.md", []byte(base))
	if want.ID != "SOP-1" || want.Revision != "3" {
		t.Fatalf("Parse = %+v", want)
	}
	for _, tt := range tests {
		got := Parse("a.md", []byte(tt.src))
		if (got.Content() == want.Content()) != tt.same {
			t.Errorf("%s: same content = %v, want %v", tt.name, !tt.same, tt.same)
		}
	}
	if d := Parse("a.md", []byte("# no front matter\n")); d.ID != "" {
		t.Errorf("no front matter: %+v", d)
	}
	if d := Parse("r.yaml", []byte("id: RR-1\nkind: risk-register\nrevision: 2\n")); d.ID != "RR-1" || d.Revision != "2" {
		t.Errorf("YAML: %+v", d)
	}
}
