package catalog_test

import (
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// namesAStandard matches what only a standard's catalog may say: the
// designations of the shipped catalogs and of the example pack's.
var namesAStandard = regexp.MustCompile(`13485|27001|62304|ACMEIC`)

// TestNoStandardInGo holds the Go code outside tests to knowing standards
// only through their catalogs: a standard named in a string, an
// identifier or a number of internal/ or cmd/ is one that cannot be
// replaced or added as data. Comments may name them.
func TestNoStandardInGo(t *testing.T) {
	checked := 0
	for _, dir := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			checked++
			fset := token.NewFileSet()
			file := fset.AddFile(p, -1, len(src))
			var s scanner.Scanner
			s.Init(file, src, func(pos token.Position, msg string) { t.Errorf("%s: %s", pos, msg) }, scanner.ScanComments)
			for {
				pos, tok, lit := s.Scan()
				if tok == token.EOF {
					break
				}
				if tok != token.COMMENT && namesAStandard.MatchString(lit) {
					t.Errorf("%s: %s names a standard outside a comment; read it from the catalogs", fset.Position(pos), lit)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 100 {
		t.Fatalf("checked only %d files", checked)
	}
}
