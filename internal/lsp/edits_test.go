package lsp

import (
	"context"
	"encoding/json"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/cache"
	goldenfile "github.com/qmslint/qmslint/internal/golden"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/qmsedit"
)

// TestEditsKeepTheServersFindingsExact walks the reference QMS through a
// chain of random edits as an editor makes them: kept in unsaved buffers,
// new files among them, saved every few steps, a deleted file gone from
// disk, and some written to disk behind the editor's back. After each step the server's evaluation, with the store it keeps
// across evaluations (the last evaluation's files in memory, the cache on
// disk), must find exactly what an evaluation without any cache finds.
func TestEditsKeepTheServersFindingsExact(t *testing.T) {
	root := copyQMS(t)
	original := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		original[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	current := maps.Clone(original)
	// Every file's status settled at once, the ones this test writes
	// included: the server takes each file it read before by its status
	// from the first step on, and the files saved since must be told by
	// their status alone.
	defer func(c func() time.Time) { load.Clock = c }(load.Clock)
	load.Clock = func() time.Time { return time.Now().Add(time.Hour) }
	unread := load.Unread.Load()
	dir := t.TempDir()
	cached := Pipeline(today, 0, func(string) (*cache.Store, error) { return cache.Open(dir, 0), nil })
	plain := Pipeline(today, 0, nil)
	write := func(p string, b []byte) {
		t.Helper()
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	overlay := map[string][]byte{}
	rng := rand.New(rand.NewPCG(20261208, 1))
	var log []string
	const steps, saveEvery = 12, 4
	for step := 1; step <= steps; step++ {
		change, what := qmsedit.Random(rng, current, original)
		// Some changes reach the disk behind the editor's back (a
		// checkout, another tool): the file's status is all that tells
		// the server's store.
		behind := step%3 == 2
		if behind {
			what += ", written to disk behind the editor"
		}
		for p, s := range change {
			if s == "" {
				if err := os.Remove(filepath.Join(root, filepath.FromSlash(p))); err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				delete(overlay, p)
				delete(current, p)
				continue
			}
			if behind {
				delete(overlay, p)
				write(p, []byte(s))
			} else {
				overlay[p] = []byte(s)
			}
			current[p] = s
		}
		if step%saveEvery == 0 {
			for p, b := range overlay {
				write(p, b)
			}
			clear(overlay)
			what += ", then every buffer saved"
		}
		log = append(log, what)
		got, err := cached(context.Background(), root, overlay)
		if err != nil {
			t.Fatalf("after %s: %v", strings.Join(log, "; "), err)
		}
		want, err := plain(context.Background(), root, overlay)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := json.MarshalIndent(got.Findings, "", " ")
		w, _ := json.MarshalIndent(want.Findings, "", " ")
		if string(g) != string(w) {
			t.Fatalf("after %s: the server's store changes the findings:\n%s", strings.Join(log, "; "), goldenfile.FirstDiff(string(w), string(g)))
		}
	}
	if load.Statuses && load.Unread.Load() == unread {
		t.Error("no file was taken by its status: the chain did not test that path")
	}
}
