package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// One broken document is one finding. SOP-005, the CAPA procedure, is the
// only document addressing 8.5.2 and 8.5.3 and the procedure they require;
// with a YAML error in its front matter the reference QMS reports its
// parse error and nothing else: no broken reference to it, no uncovered
// clause, no missing mandatory procedure.
func TestBrokenDocumentIsOneFinding(t *testing.T) {
	root := copyQMS(t)
	matches, _ := filepath.Glob(filepath.Join(root, "procedures", "SOP-005-*.md"))
	if len(matches) != 1 {
		t.Fatalf("SOP-005 not found once: %v", matches)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(b), "\ntitle: ", "\ntitle: [unclosed ", 1)
	if broken == string(b) {
		t.Fatal("SOP-005 has no title line; update the test")
	}
	if err := os.WriteFile(matches[0], []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	got := lintIDs(t, root, qmsDate, "")
	if want := []string{"parse.error:procedures/" + filepath.Base(matches[0])}; !slices.Equal(got, want) {
		t.Errorf("findings %q, want only %q", got, want)
	}
}
