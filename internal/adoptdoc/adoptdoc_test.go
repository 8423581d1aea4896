package adoptdoc

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qmslint/qmslint/internal/golden"
)

// TestAdoptingPage: docs/adopting.md is what the commands print today on
// the corpus, so the page cannot drift from qmslint's behaviour. Without
// the corpus beside the repository there is nothing to compare.
func TestAdoptingPage(t *testing.T) {
	corpus := filepath.Join("..", "..", Corpus)
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("corpus not present: ", err)
	}
	abs, err := filepath.Abs(corpus)
	if err != nil {
		t.Fatal(err)
	}
	page, err := Page(abs)
	if err != nil {
		t.Fatal(err)
	}
	// make docs regenerates the page; -update does the same here.
	golden.Check(t, filepath.Join("..", "..", "docs", "adopting.md"), []byte(page))
}

func TestExcerpt(t *testing.T) {
	out := "1\n2\n3\n4\n5\n6\n"
	for _, tc := range []struct {
		head, tail int
		want       string
	}{
		{0, 0, out},
		{2, 1, "1\n2\n[... 3 more lines ...]\n6\n"},
		{3, 2, out}, // one line left out is shown instead
		{1, 0, "1\n[... 5 more lines ...]\n"},
	} {
		if got := excerpt(out, tc.head, tc.tail); got != tc.want {
			t.Errorf("excerpt(%d, %d) = %q, want %q", tc.head, tc.tail, got, tc.want)
		}
	}
}
