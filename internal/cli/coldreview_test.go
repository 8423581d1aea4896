package cli

import (
	"path/filepath"
	"testing"

	"github.com/qmslint/qmslint/internal/gitrepo"
)

// TestColdStagedReadsHistoryOfParsedFiles: a cold lint --staged reads
// HEAD's history once for both sides, taking the versions a side parsed
// from the parse of the side that asks first: only HEAD~1's SOP-1, which
// neither side holds, and the new one, whose contents are compared with
// it (the commit kept its id), are read, and HEAD's WI-1 when the index's
// side asks first (it holds another WI-1). It used to read every version of the history (8 blobs here). The output is
// the warm run's and the old path's (TestWarmComparisonsReadOnlyChanges,
// TestCacheChangesNoOutput).
func TestColdStagedReadsHistoryOfParsedFiles(t *testing.T) {
	g := gitQMS(t)
	more := map[string]string{}
	for _, id := range []string{"WI-2", "WI-3", "WI-4", "WI-5"} {
		more["qms/"+id+".md"] = doc(id, "work-instruction", "1", "More.")
	}
	g.Commit("2027-02-01", "more instructions", more)
	g.Commit("2027-03-01", "reword SOP-1", map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "1", "Documents are used.")})
	g.Stage(map[string]string{"qms/WI-1.md": doc("WI-1", "work-instruction", "2", "Publish approved documents, reworded.")})
	root := filepath.Join(g.Dir, "qms")
	before := gitrepo.HistoryBlobsRead.Load()
	o := run(t, "lint", "--staged", "--no-cache", "--fail-on", "never", "--date", "2027-04-01", root)
	if o.code != 0 {
		t.Fatalf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if n := gitrepo.HistoryBlobsRead.Load() - before; n != 3 && n != 4 {
		t.Errorf("a cold lint --staged read %d blobs for HEAD's history, want 3 or 4", n)
	}
}
