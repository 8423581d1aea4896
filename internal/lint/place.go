package lint

import (
	"path/filepath"
	"strings"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/model"
)

// repositoryPlace is the file where every output format reports findings
// about the repository as a whole (at line 1), so code scanning,
// annotations and the terminal agree: the configuration file, where the
// repository says what it is; without one, the quality manual (the QMS's
// top document, ISO 13485 4.2.2); without either, "" (the QMS root
// itself, docs/cli.md). A configuration named with --config outside
// the repository's directories is not a place in it, so it is not used.
func repositoryPlace(repo *model.Repository, cfg *config.Config) string {
	if cfg != nil && cfg.File != "" && repo.Root != "" {
		if abs, err := filepath.Abs(cfg.File); err == nil {
			if rel, err := filepath.Rel(repo.Root, abs); err == nil && inOrAbove(rel) {
				return filepath.ToSlash(rel)
			}
		}
	}
	manual := ""
	for _, d := range repo.Documents {
		if model.Kind(d.Meta) == "manual" && (manual == "" || d.File < manual) {
			manual = d.File
		}
	}
	return manual
}

// inOrAbove holds for a path inside the root or a file in one of its
// parent directories (a .qmslint.yaml at the top of the Git repository
// whose qms/ folder is linted).
func inOrAbove(rel string) bool {
	rel = filepath.ToSlash(rel)
	if strings.HasPrefix(rel, "/") {
		return false
	}
	up := false
	for strings.HasPrefix(rel, "../") {
		rel, up = rel[3:], true
	}
	if up {
		return !strings.Contains(rel, "/") && rel != ".."
	}
	return rel != ".."
}
