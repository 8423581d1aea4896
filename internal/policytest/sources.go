package policytest

import (
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/qmslint/qmslint/internal/engine"
)

// LibraryPackage is the package of the built-in rule library that user
// policies import.
const LibraryPackage = "data.qmslint.lib"

// SupportName prefixes the files of the built-in tree when it is loaded as
// support for a user's pack, so they never clash with the pack's own.
const SupportName = "qmslint/policies"

// DefinesLibrary reports whether sources bring their own copy of the
// rule library: true for qmslint's own policies/ tree (or a fork of it),
// which must then be tested alone rather than next to the embedded copy.
func DefinesLibrary(sources []engine.Source) (bool, error) {
	modules, _, err := engine.Modules(sources)
	if err != nil {
		return false, err
	}
	for _, m := range modules {
		if m.Package.Path.String() == LibraryPackage {
			return true, nil
		}
	}
	return false, nil
}

// WithoutTests is fsys without its _test.rego files: the built-in tree as
// support for a user's pack, whose tests alone are to run.
func WithoutTests(fsys fs.FS) (fs.FS, error) {
	out := fstest.MapFS{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		raw, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out[p] = &fstest.MapFile{Data: raw, Mode: 0o644}
		return nil
	})
	return out, err
}
