//go:build unix

package load

import (
	"os"
	"path/filepath"
	"testing"
)

// A link that appears between the walk and the read is not followed.
func TestReadFileRefusesLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.md")
	if err := os.WriteFile(target, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if src, _, err := readFile(link, 100); err == nil {
		t.Errorf("read %q through a link", src)
	}
}
