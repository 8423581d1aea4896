// Package catalogtest gives tests the catalog of
// examples/internal-controls: a standard that does not ship with qmslint
// (ACMEIC:2026), as a repository or a policy pack adds one. Only tests
// import it.
package catalogtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/qmslint/qmslint/internal/catalog"
)

// Path is the example's catalog file.
func Path(t testing.TB) string {
	t.Helper()
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("catalogtest: no source path")
	}
	return filepath.Join(filepath.Dir(here), "..", "..", "..", "examples", "internal-controls", "pack", "data", "qmslint", "catalogs", "acmeic_2026", "data.json")
}

// Raw is the example's catalog as written.
func Raw(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(Path(t))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Set is the shipped catalogs with the example's.
func Set(t testing.TB) *catalog.Set {
	t.Helper()
	c, err := catalog.Parse([]byte(Raw(t)), "acmeic.json")
	if err != nil {
		t.Fatal(err)
	}
	set, err := catalog.Builtin().With(c)
	if err != nil {
		t.Fatal(err)
	}
	return set
}
