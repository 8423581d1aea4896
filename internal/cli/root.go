package cli

import (
	"os"
	"path/filepath"

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
	up := gitTop(abs)
	if cfg, err := config.Find(abs); err == nil && cfg != "" {
		up = filepath.Dir(cfg)
	}
	if up == "" || up == abs {
		return dir, false
	}
	return up, true
}

// gitTop is the nearest folder at or above dir that holds .git (a
// directory, or the file of a linked worktree), "" when none does.
func gitTop(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// fromWorkingDir returns the findings with their files, relative to the
// QMS root, made relative to the working directory, so that file:line
// opens from where the user ran qmslint. Only the text format shows
// them so: the machine formats keep paths relative to the root (or to
// the Git top), which is what their consumers resolve (docs/cli.md).
func fromWorkingDir(fs []finding.Finding, root string) []finding.Finding {
	wd, err := os.Getwd()
	if err != nil {
		return fs
	}
	wd, err1 := realAbs(wd)
	absRoot, err2 := realAbs(root)
	if err1 != nil || err2 != nil || wd == absRoot {
		return fs
	}
	out := make([]finding.Finding, len(fs))
	for i, f := range fs {
		if f.File != "" {
			if rel, err := filepath.Rel(wd, filepath.Join(absRoot, filepath.FromSlash(f.File))); err == nil {
				f.File = filepath.ToSlash(rel)
			}
		}
		out[i] = f
	}
	return out
}
