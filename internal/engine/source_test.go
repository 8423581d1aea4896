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
