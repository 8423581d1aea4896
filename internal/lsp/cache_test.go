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
