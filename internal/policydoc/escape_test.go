package policydoc

import (
	"os"
	"path/filepath"
	"testing"
)

// An example from an untrusted pack must not write through a link it
// made itself.
func TestWriteFilesStaysInside(t *testing.T) {
	dir, victim := t.TempDir(), t.TempDir()
	err := writeFiles(dir, []File{{Name: "esc", Link: victim}, {Name: "esc/pwned.txt", Data: "x"}})
	if err == nil {
		t.Error("writing through a link that leaves the example was accepted")
	}
	if _, statErr := os.Stat(filepath.Join(victim, "pwned.txt")); statErr == nil {
		t.Fatal("a file was written outside the example directory")
	}
	if err := writeFiles(dir, []File{{Name: "../outside.txt", Data: "x"}}); err == nil {
		t.Error("a ../ name was accepted")
	}
}
