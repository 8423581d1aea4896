package load

import (
	"os"
	"path/filepath"
	"reflect"
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
			// Folders below: the answer for a folder holds for every
			// file under it, whichever is listed first.
			"archive/old/SOP-006.md":  []byte("---\nid: SOP-006\n---\n"),
			"sop/.drafts/SOP-007.md":  []byte("---\nid: SOP-007\n---\n"),
			"sop/sub/SOP-008.md":      []byte("---\nid: SOP-008\nkind: procedure\ntitle: Below\n---\n"),
			"sop/sub/deep/SOP-009.md": []byte("---\nid: SOP-009\nkind: procedure\ntitle: Further below\n---\n"),
			"../outside.md":           []byte("---\nid: SOP-005\n---\n"),
			"notes.txt":               []byte("text"),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, d := range repo.Documents {
		titles[model.ID(d.Meta)], _ = d.Meta["title"].(string)
	}
	want := map[string]string{"SOP-001": "In the buffer", "SOP-002": "Never saved", "SOP-008": "Below", "SOP-009": "Further below"}
	if !reflect.DeepEqual(titles, want) {
		t.Errorf("documents = %v, want %v", titles, want)
	}
	if l := repo.Documents[0].Links; len(l) != 1 || !l[0].Exists {
		t.Errorf("link to the unsaved file: %+v, want it to exist", l)
	}
}
