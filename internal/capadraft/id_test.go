package capadraft

import (
	"testing"

	"github.com/qmslint/qmslint/internal/trace"
)

func capas(specs ...string) []*trace.CAPA {
	var out []*trace.CAPA
	for i := 0; i+2 < len(specs); i += 3 {
		out = append(out, &trace.CAPA{ID: specs[i], Opened: specs[i+1], File: specs[i+2]})
	}
	return out
}

func TestNextID(t *testing.T) {
	tests := []struct {
		name  string
		capas []*trace.CAPA
		date  string
		taken []string
		want  string
	}{
		{"none yet", nil, "2026-11-24", nil, "CAPA-2026-001"},
		{"year scheme", capas("CAPA-2026-003", "2026-05-01", "capa/a.md", "CAPA-2026-001", "2026-01-01", "capa/b.md"), "2026-11-24", nil, "CAPA-2026-004"},
		{"new year restarts", capas("CAPA-2025-017", "2025-12-01", "capa/a.md"), "2026-01-05", nil, "CAPA-2026-001"},
		{"plain numbers keep their width", capas("CAPA-011", "2026-01-01", "c/a.md", "CAPA-009", "2025-01-01", "c/b.md"), "2026-11-24", nil, "CAPA-012"},
		{"latest scheme wins", capas("CA-7", "2020-01-01", "a.md", "CAPA-2026-002", "2026-02-01", "b.md"), "2026-11-24", nil, "CAPA-2026-003"},
		{"ids used elsewhere are skipped", capas("CAPA-2026-001", "2026-01-01", "a.md"), "2026-11-24", []string{"CAPA-2026-002"}, "CAPA-2026-003"},
		{"no year without a separator", capas("NC200123", "2026-01-01", "a.md"), "2026-11-24", nil, "NC200124"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			taken := map[string]bool{}
			for _, id := range tt.taken {
				taken[id] = true
			}
			if got := NextID(tt.capas, tt.date, func(s string) bool { return taken[s] }); got != tt.want {
				t.Errorf("NextID = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDirAndFileName(t *testing.T) {
	if got := Dir(nil); got != "capa" {
		t.Errorf("Dir(none) = %s, want capa", got)
	}
	cs := capas("C-1", "2026-01-01", "quality/capa/C-1.md", "C-2", "2026-02-01", "quality/capa/C-2.md", "C-3", "2026-03-01", "old/C-3.md")
	if got := Dir(cs); got != "quality/capa" {
		t.Errorf("Dir = %s, want quality/capa (where most CAPAs are)", got)
	}
	if got := FileName(cs, "C-4", "Backups: never restored!"); got != "C-4.md" {
		t.Errorf("FileName = %s, want C-4.md (the latest is named by id alone)", got)
	}
	cs = capas("C-1", "2026-01-01", "capa/C-1-late-review.md")
	if got := FileName(cs, "C-2", "Backups: never restored, again and again and again"); got != "C-2-backups-never-restored-again-and-again.md" {
		t.Errorf("FileName = %s", got)
	}
}
