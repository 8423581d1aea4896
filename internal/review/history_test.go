package review_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/review"
)

// TestSideHistoryFromParsedFiles: each side of a cold review takes the
// history's versions it loaded from its own parse (a Git side's files
// are its blobs) instead of reading every blob of its history again; it
// used to read every version twice, once per side (14 blobs here). What
// is left to read: the base's SOP-1 in the head's history (the head does
// not hold it) and the new one, whose contents are compared with it as
// the commit kept its id (3), and both SOP-1s again for the change
// between the sides (history.Between, 2). The history is history.Read's.
func TestSideHistoryFromParsedFiles(t *testing.T) {
	g := gittest.New(t)
	g.Commit("2026-02-01", "base", base())
	g.Commit("2026-05-02", "reword SOP-1", map[string]string{"qms/SOP-1.md": sop(nil, "Documents are approved before they are used.")})
	repo, err := gitrepo.Open(filepath.Join(g.Dir, "qms"))
	if err != nil {
		t.Fatal(err)
	}
	before := gitrepo.HistoryBlobsRead.Load()
	rv, err := review.Compare(context.Background(), repo, review.Options{
		BaseRef: "HEAD~1", HeadRef: "HEAD",
		Lint: lint.Options{Date: time.Date(2026, 5, 3, 0, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := gitrepo.HistoryBlobsRead.Load() - before; n != 5 {
		t.Errorf("a cold review read %d blobs for the sides' histories, want 5", n)
	}
	head, err := repo.Commit("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	want, err := history.Read(repo, head)
	if err != nil {
		t.Fatal(err)
	}
	if got := rv.HeadResult.History; !reflect.DeepEqual(got, want.Input()) {
		t.Errorf("the head's history differs from history.Read's:\n got %+v\nwant %+v", got, want.Input())
	}
	if len(rv.Introduced) == 0 {
		t.Errorf("no finding introduced: the change rules should see the reworded SOP-1")
	}
}

// TestSidesValidateEachFileOnce: the two sides of a cold review load at
// the same time, and each validated the files both hold (before the
// other had recorded their problems); now one validates a file and the
// other waits for its problems. SOP-1 differs between the sides, so five
// files (four documents and registers, SOP-1 twice) are validated.
func TestSidesValidateEachFileOnce(t *testing.T) {
	before := lint.Validations.Load()
	rv := compare(t, map[string]string{"qms/SOP-1.md": sop(nil, "Documents are approved before they are used.")})
	if n := lint.Validations.Load() - before; n != 5 {
		t.Errorf("a cold review validated %d files, want 5", n)
	}
	if len(rv.Introduced) == 0 {
		t.Errorf("no finding introduced: the change rules should see the reworded SOP-1")
	}
}
