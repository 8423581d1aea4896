package schema_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/schema"
)

// Numbers that overflow what a rule can compute with get a schema
// finding at their line, whichever way YAML reads them.
func TestHugeNumbers(t *testing.T) {
	root := t.TempDir()
	doc := "---\nid: SOP-001\nkind: procedure\ntitle: T\nrevision: 1e999999\nstatus: draft\nowner: qa\n" +
		"review: {interval_months: 100000000000000000000000000000000000000, last: 2027-01-05}\n---\n\n# T\n"
	ok := "---\nid: SOP-002\nkind: procedure\ntitle: T\nrevision: 12\nstatus: draft\nowner: qa\nreview: {interval_months: 24, last: 2027-01-05}\n---\n\n# T\n"
	os.WriteFile(filepath.Join(root, "SOP-001.md"), []byte(doc), 0o644)
	os.WriteFile(filepath.Join(root, "SOP-002.md"), []byte(ok), 0o644)
	repo, err := load.Load(root, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	v.Validate(repo)
	want := map[int]string{5: "revision: 1e999999 is a number beyond", 8: "review.interval_months: 1e+38 is too large"}
	for _, p := range repo.Problems {
		if p.File == "SOP-002.md" {
			t.Errorf("finding on the valid document: %+v", p)
		}
		if w, ok := want[p.Line]; ok && p.File == "SOP-001.md" && strings.HasPrefix(p.Msg, w) {
			delete(want, p.Line)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing findings %v in %+v", want, repo.Problems)
	}
}
