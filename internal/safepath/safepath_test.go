package safepath

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWithin(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "repo")
	outside := filepath.Join(base, "outside")
	for _, d := range []string{root, outside, filepath.Join(root, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"dangling":    filepath.Join(outside, "new.txt"), // does not exist yet
		"dangling-in": "sub/new.txt",
		"outdir":      outside,
		"loop":        "loop",
		"reldotdot":   "../outside/x",
		"subup":       "sub/../../outside",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		path string
		want error
	}{
		{"sub/a.md", nil},
		{"dangling-in", nil},
		{"new/dir/file", nil},
		{"../outside/x", ErrOutside},
		{"sub/../../outside", ErrOutside},
		{outside, ErrOutside},
		{"dangling", ErrOutside},
		{"outdir/file", ErrOutside},
		{"outdir/deeper/file", ErrOutside},
		{"reldotdot", ErrOutside},
		{"subup/x", ErrOutside},
		{"loop", ErrLoop},
	} {
		_, err := Within(root, c.path)
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("Within(%q) = %v, want %v", c.path, err, c.want)
		}
	}
	got, err := Within(root, "dangling-in")
	if err != nil || got != filepath.Join(root, "sub", "new.txt") {
		t.Errorf("dangling-in resolves to %q, %v", got, err)
	}
}

func TestLinkedParent(t *testing.T) {
	root := t.TempDir()
	if err := os.Symlink(t.TempDir(), filepath.Join(root, "area")); err != nil {
		t.Fatal(err)
	}
	if got := LinkedParent(root, filepath.Join(root, "area", "x.rego")); got != filepath.Join(root, "area") {
		t.Errorf("LinkedParent = %q", got)
	}
	if got := LinkedParent(root, filepath.Join(root, "plain", "x.rego")); got != "" {
		t.Errorf("LinkedParent of a plain path = %q", got)
	}
}
