package cli

import (
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/config"
)

// cacheFlags choose the cache of parsed files across runs (docs/cache.md).
type cacheFlags struct {
	off bool
	dir string
}

func (c *cacheFlags) add(fl *pflag.FlagSet) {
	fl.BoolVar(&c.off, "no-cache", false, "parse every file; neither read nor write the cache of parsed files")
	fl.StringVar(&c.dir, "cache-dir", "", "the cache of parsed files (default $"+cache.EnvDir+", else qmslint/ in the user cache directory); never inside the repository")
}

// open returns the store the flags choose for the repository at root, nil
// for none. A directory the user chose inside the repository is a usage
// error; the default one there (a home directory that is also the
// repository) only turns the cache off.
func (c *cacheFlags) open(env *IO, root string) (*cache.Store, error) {
	if c.off {
		return nil, nil
	}
	dir, explicit, err := cache.Dir(c.dir, env.Getenv)
	if err != nil {
		return nil, nil
	}
	repo := root
	if repo == "" {
		repo = "."
	}
	if abs, err := filepath.Abs(repo); err == nil {
		repo = abs
	}
	if top := config.GitTop(repo); top != "" {
		repo = top
	}
	if err := cache.Outside(dir, repo); err != nil {
		if explicit {
			return nil, usageError("%s", err)
		}
		return nil, nil
	}
	return cache.Open(dir, 0), nil
}
