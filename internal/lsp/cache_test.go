package lsp

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/load"
)

// With the cache across runs, an evaluation after a keystroke judges
// again only the buffer that changed, and finds what an evaluation
// without the cache finds.
func TestEvaluationWithTheCache(t *testing.T) {
	root := copyQMS(t)
	dir := t.TempDir()
	var mu sync.Mutex
	var stores []*cache.Store
	cached := Pipeline(today, 0, func(r string) (*cache.Store, error) {
		if r != root {
			t.Errorf("store for %s, want %s", r, root)
		}
		mu.Lock()
		defer mu.Unlock()
		stores = append(stores, cache.Open(dir, 0))
		return stores[len(stores)-1], nil
	})
	plain := Pipeline(today, 0, nil)
	disk, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(sop010)))
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		string(disk),
		strings.Replace(string(disk), "## 2. Scope", "## 2. Extent", 1),
		strings.Replace(string(disk), "## 2. Scope", "## 2. Extent\n\nSee [the plan](../plans/PLN-404.md).", 1),
	}
	lint.DocEvaluated.Runs()
	for i, text := range texts {
		overlay := map[string][]byte{sop010: []byte(text)}
		got, err := cached(context.Background(), root, overlay)
		if err != nil {
			t.Fatal(err)
		}
		judged := lint.DocEvaluated.Runs()
		want, err := plain(context.Background(), root, overlay)
		if err != nil {
			t.Fatal(err)
		}
		lint.DocEvaluated.Runs()
		g, _ := json.Marshal(got.Findings)
		w, _ := json.Marshal(want.Findings)
		if string(g) != string(w) {
			t.Errorf("text %d: with the cache\n%s\nwithout\n%s", i, g, w)
		}
		if i > 0 && len(want.Findings) == 0 {
			t.Errorf("text %d: no findings; the test needs the buffer's defect", i)
		}
		// The first judges every file; each later one, the buffer.
		switch {
		case i == 0 && (len(judged) != 1 || judged[0] < 50):
			t.Errorf("text %d: files judged %v, want every file", i, judged)
		case i > 0 && !slices.Equal(judged, []int64{1}):
			t.Errorf("text %d: files judged %v, want only the buffer", i, judged)
		}
	}
	if len(stores) != 1 {
		t.Errorf("%d stores opened for %d evaluations of one root, want 1", len(stores), len(texts))
	}

	// A new server on the filled cache decodes every file once, then
	// takes them from memory: after the next keystroke it decodes none
	// and parses the buffer alone.
	var store *cache.Store
	server := Pipeline(today, 0, func(string) (*cache.Store, error) {
		store = cache.Open(dir, 0)
		return store, nil
	})
	for i, text := range []string{texts[2], texts[1] + "\nA sentence no evaluation has seen.\n"} {
		decodes, parses := decodesOf(store), load.Parses.Load()
		if _, err := server(context.Background(), root, map[string][]byte{sop010: []byte(text)}); err != nil {
			t.Fatal(err)
		}
		decoded, parsed := decodesOf(store)-decodes, load.Parses.Load()-parses
		switch {
		case i == 0 && decoded < 50:
			t.Errorf("first evaluation of a new server: %d files decoded, want every file", decoded)
		case i == 1 && (decoded != 0 || parsed != 1):
			t.Errorf("after a keystroke: %d files decoded and %d parsed, want none decoded and the buffer parsed", decoded, parsed)
		}
	}
}

func decodesOf(s *cache.Store) int64 {
	if s == nil {
		return 0
	}
	return s.Decodes.Load()
}

// A file changed on disk behind the editor (a checkout, another tool) is
// read again, however little its status changed: rewritten to the same
// size with its modification time put back, it differs in its change
// time. Every other file is taken by its status, not read.
func TestFilesChangedBehindTheEditor(t *testing.T) {
	root := copyQMS(t)
	// Every status settled at once, the rewritten file's included: its
	// status alone must tell it changed.
	defer func(c func() time.Time) { load.Clock = c }(load.Clock)
	load.Clock = func() time.Time { return time.Now().Add(time.Hour) }
	server := Pipeline(today, 0, func(string) (*cache.Store, error) { return cache.Open(t.TempDir(), 0), nil })
	plain := Pipeline(today, 0, nil)
	evaluate := func() (got, want string, unread int64) {
		t.Helper()
		before := load.Unread.Load()
		g, err := server(context.Background(), root, nil)
		if err != nil {
			t.Fatal(err)
		}
		unread = load.Unread.Load() - before
		w, err := plain(context.Background(), root, nil)
		if err != nil {
			t.Fatal(err)
		}
		gb, _ := json.Marshal(g.Findings)
		wb, _ := json.Marshal(w.Findings)
		return string(gb), string(wb), unread
	}
	first, _, unread := evaluate()
	if unread != 0 {
		t.Errorf("first evaluation: %d files unread, want every file read", unread)
	}
	if _, _, unread := evaluate(); load.Statuses && unread < 50 {
		t.Errorf("nothing changed: %d files unread, want every file", unread)
	}
	path := filepath.Join(root, filepath.FromSlash(sop010))
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Another id of the same length: every reference to SOP-010 breaks.
	if err := os.WriteFile(path, []byte(strings.Replace(string(text), "id: SOP-010", "id: SOP-910", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	got, want, unread := evaluate()
	if got != want {
		t.Errorf("after SOP-010 changed on disk: the server finds\n%s\nwithout its store\n%s", got, want)
	}
	if want == first {
		t.Error("the change did not change the findings; the test needs one that does")
	}
	if load.Statuses && unread < 50 {
		t.Errorf("after SOP-010 changed on disk: %d files unread, want every other file", unread)
	}
}
