package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A policy directory must not read through links: a data.yaml linked to a
// credentials file would otherwise put its secrets into findings.
func TestPolicySymlinkRejected(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.yaml")
	if err := os.WriteFile(outside, []byte("token: ghp_SECRET\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "data.yaml")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	_, err := New([]Source{{Name: "pack", FS: os.DirFS(dir)}})
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("symlinked data file: err = %v, want a refusal", err)
	}
}

// Rule areas stay whole (they share a library), the split is balanced
// and does not depend on the order rules arrive in.
func TestPartition(t *testing.T) {
	var rules []Rule
	for _, id := range []string{"doc.a", "doc.b", "doc.c", "infra.a", "infra.b", "cov.a", "cov.b", "risk.a"} {
		rules = append(rules, Rule{ID: id})
	}
	groups := partition(rules, 2)
	if len(groups) != 2 {
		t.Fatalf("%d groups, want 2", len(groups))
	}
	areaGroup := map[string]int{}
	for g, rs := range groups {
		for _, r := range rs {
			a, _, _ := strings.Cut(r.ID, ".")
			if prev, ok := areaGroup[a]; ok && prev != g {
				t.Errorf("area %s split between groups %d and %d", a, prev, g)
			}
			areaGroup[a] = g
		}
	}
	if d := len(groups[0]) - len(groups[1]); d < -1 || d > 1 {
		t.Errorf("unbalanced: %d and %d rules", len(groups[0]), len(groups[1]))
	}
	if got := partition(rules, 1); len(got) != 1 || len(got[0]) != len(rules) {
		t.Errorf("one core: %v", got)
	}
	if got := partition(nil, 4); got != nil {
		t.Errorf("no rules: %v", got)
	}
}
