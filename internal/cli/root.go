package cli

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/finding"
)

// qmsRoot is the QMS that a lint of the working directory dir is about,
// so that lint in any folder of a QMS reports what lint at its root does:
// dir itself when it holds .qmslint.yaml or .git; else the nearest folder
// above it, up to the Git top, that holds .qmslint.yaml; else the Git
// top. A folder named on the command line (named) stays the root, as it
// always has: with the configuration at the top of a repository,
// `qmslint lint qms` lints qms/, not the repository around it. climbed
// says whether the root is another folder than dir.
func qmsRoot(dir string, named bool) (root string, climbed bool) {
	if named {
		return dir, false
	}
	abs, err := realAbs(dir)
	if err != nil {
		return dir, false
	}
	up := config.GitTop(abs)
	if cfg, err := config.Find(abs); err == nil && cfg != "" {
		up = filepath.Dir(cfg)
	}
	if up == "" || up == abs {
		return dir, false
	}
	return up, true
}

// fromWorkingDir is the path of root from the working directory, with a
// trailing "/" ("" when they are the same folder), when one holds the
// other: lint run at the top of a repository on qms/, or in a folder of
// the QMS. ok is false otherwise: a QMS elsewhere keeps paths relative to
// its root rather than to a working directory it has nothing to do with.
func fromWorkingDir(root string) (prefix string, ok bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	wd, err1 := realAbs(wd)
	absRoot, err2 := realAbs(root)
	if err1 != nil || err2 != nil {
		return "", false
	}
	rel, err := filepath.Rel(wd, absRoot)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if rel == "." {
		return "", true
	}
	up := strings.Trim(strings.ReplaceAll(rel, "..", ""), "/") == "" // wd is inside root
	if strings.HasPrefix(rel, "../") && !up || rel == ".." && !up {
		return "", false
	}
	return rel + "/", true
}

// relativeTo returns the findings with their files, relative to the QMS
// root, prefixed by prefix (fromWorkingDir), so that file:line opens from
// where the user ran qmslint.
func relativeTo(fs []finding.Finding, prefix string) []finding.Finding {
	if prefix == "" {
		return fs
	}
	out := make([]finding.Finding, len(fs))
	for i, f := range fs {
		// A finding about the whole repository without a file stays
		// "(repository)".
		if f.File != "" {
			f.File = path.Clean(prefix + f.File)
		}
		out[i] = f
	}
	return out
}
