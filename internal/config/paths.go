package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/qmslint/qmslint/internal/safepath"
)

// RepoRoot is the repository a config file belongs to: the nearest
// directory at or above the config's that holds .git, else the config's
// own directory.
func (c *Config) RepoRoot() string {
	if top := GitTop(c.Dir); top != "" {
		return top
	}
	return c.Dir
}

// GitTop is the nearest directory at or above dir that holds .git (a
// directory, or the file of a linked worktree), "" when none does: the
// root of the repository dir belongs to.
func GitTop(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// CheckPolicies refuses policies: entries that lead out of the repository,
// whether by an absolute path, "..", or a link. A repository is untrusted:
// a pack it names out there (/etc, a home directory) would let its rules
// print those files' content in findings. Packs outside come only from
// --policy, where the person running qmslint chose them. The message
// quotes the entry as written and names no file out there.
func (c *Config) CheckPolicies() error {
	if len(c.Policies) == 0 {
		return nil
	}
	root := c.RepoRoot()
	for i, p := range c.PolicyDirs() {
		_, err := safepath.Within(root, p)
		switch {
		case err == nil:
			continue
		case errors.Is(err, safepath.ErrOutside):
			return fmt.Errorf("%s: policies: %q is outside the repository; a repository's config names packs only inside it (give other packs with --policy)", c.name(), c.Policies[i])
		default:
			return fmt.Errorf("%s: policies: %q: %v", c.name(), c.Policies[i], errors.Unwrap(err))
		}
	}
	return nil
}

func (c *Config) name() string {
	if c.File == "" {
		return ".qmslint.yaml"
	}
	return c.File
}
