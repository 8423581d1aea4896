package load

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qmslint/qmslint/internal/model"
)

// An editor's unsaved buffer replaces the file on disk, and a buffer never
// saved is read as a new file, unless it lies where the walk never looks.
func TestOverlay(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("sop/SOP-001.md", "---\nid: SOP-001\nkind: procedure\ntitle: On disk\n---\n# On disk\n")
	repo, err := Load(root, Options{
		Ignore: []string{"archive/**"},
		Overlay: map[string][]byte{
			"sop/SOP-001.md":     []byte("---\nid: SOP-001\nkind: procedure\ntitle: In the buffer\n---\n# In the buffer\n\nSee [new](SOP-002.md).\n"),
			"sop/SOP-002.md":     []byte("---\nid: SOP-002\nkind: procedure\ntitle: Never saved\n---\n"),
			"archive/SOP-003.md": []byte("---\nid: SOP-003\n---\n"),
			".git/SOP-004.md":    []byte("---\nid: SOP-004\n---\n"),
			"../outside.md":      []byte("---\nid: SOP-005\n---\n"),
			"notes.txt":          []byte("text"),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, d := range repo.Documents {
		titles[model.ID(d.Meta)], _ = d.Meta["title"].(string)
	}
	want := map[string]string{"SOP-001": "In the buffer", "SOP-002": "Never saved"}
	if len(titles) != len(want) || titles["SOP-001"] != want["SOP-001"] || titles["SOP-002"] != want["SOP-002"] {
		t.Errorf("documents = %v, want %v", titles, want)
	}
	if l := repo.Documents[0].Links; len(l) != 1 || !l[0].Exists {
		t.Errorf("link to the unsaved file: %+v, want it to exist", l)
	}
}
