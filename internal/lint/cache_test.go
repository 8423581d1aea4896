package lint

import (
	"crypto/sha1"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
)

// The hook after the next edit: a cache warm for HEAD and an earlier
// index, and another document staged. Both sides load together from one
// store; every file is decoded once (the index takes HEAD's values for
// the files they share), only the newly staged one is parsed, and each
// side's repository is the one an uncached load gives.
func TestWarmSidesDecodeEachFileOnce(t *testing.T) {
	files := map[string][]byte{}
	err := filepath.WalkDir("../../qms", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !load.IsQMSFile(p) {
			return err
		}
		rel, _ := filepath.Rel("../../qms", p)
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil || len(files) < 20 {
		t.Fatalf("the project's QMS: %d files, %v", len(files), err)
	}
	side := func(changed ...string) map[string]load.Blob {
		out := map[string]load.Blob{}
		for rel, src := range files {
			for _, c := range changed {
				if rel == c {
					src = append(append([]byte{}, src...), "\nOne more line.\n"...)
				}
			}
			out[rel] = load.Blob{ID: sha1.Sum(src), Read: func(int64) ([]byte, int64, error) { return src, int64(len(src)), nil }}
		}
		return out
	}
	root := t.TempDir()
	cfg, err := config.Load(root, "")
	if err != nil {
		t.Fatal(err)
	}
	both := func(store *cache.Store, sides ...map[string]load.Blob) []*model.Repository {
		out := make([]*model.Repository, len(sides))
		var wg sync.WaitGroup
		for i, bs := range sides {
			wg.Add(1)
			go func() {
				defer wg.Done()
				l := loadAndValidate(root, cfg, nil, bs, store)
				if l.err != nil {
					t.Error(l.err)
				}
				out[i] = l.repo
			}()
		}
		wg.Wait()
		return out
	}
	first, second := "procedures/SOP-001-document-control.md", "manual/MAN-001-quality-manual.md"
	for _, rel := range []string{first, second} {
		if files[rel] == nil {
			t.Fatalf("%s is not in the project's QMS", rel)
		}
	}
	dir := t.TempDir()
	head, staged := side(), side(first, second)
	both(cache.Open(dir, 0).Shared(), head, side(first))

	store := cache.Open(dir, 0).Shared()
	parses := load.Parses.Load()
	warm := both(store, head, staged)
	if n := load.Parses.Load() - parses; n != 1 {
		t.Errorf("%d files parsed; want 1, the one staged since", n)
	}
	if n := store.Decodes.Load(); n != int64(len(files)) {
		t.Errorf("%d parsed files decoded for two sides of %d files; want each once", n, len(files))
	}
	cold := both(nil, head, staged)
	for i := range cold {
		if !reflect.DeepEqual(warm[i], cold[i]) {
			t.Errorf("side %d: the warm load's repository differs from the uncached one's", i)
		}
	}
}
