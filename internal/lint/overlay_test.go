package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The language server lints a buffer before it is saved: the overlay's
// text is judged, the file on disk is neither judged nor changed.
func TestOverlayReplacesTheFileOnDisk(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "SOP-001.md", goodProcedure)
	unsaved := strings.Replace(goodProcedure, "## Scope\n", "", 1)
	res, err := Run(context.Background(), Options{Root: root, Date: asOf, NoHistory: true,
		Overlay: map[string][]byte{"SOP-001.md": []byte(unsaved)}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range res.Findings {
		if f.ID == "doc.required-section-missing:SOP-001/Scope" && f.File == "SOP-001.md" {
			found = true
		}
	}
	if !found {
		t.Errorf("no finding on the unsaved text's missing Scope; got %v", res.Findings)
	}
	disk, err := os.ReadFile(filepath.Join(root, "SOP-001.md"))
	if err != nil || string(disk) != goodProcedure {
		t.Errorf("the file on disk changed: %v", err)
	}
}
