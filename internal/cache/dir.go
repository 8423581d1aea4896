package cache

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// EnvDir names the environment variable that moves the cache; the
// --cache-dir flag wins over it. A repository's own configuration cannot
// move it: the repository is the untrusted input.
const EnvDir = "QMSLINT_CACHE_DIR"

// Dir is the cache directory: flag, else $QMSLINT_CACHE_DIR, else
// qmslint/ in the user's cache directory (os.UserCacheDir). explicit
// tells whether the user chose it.
func Dir(flag string, getenv func(string) string) (dir string, explicit bool, err error) {
	switch {
	case flag != "":
		dir, explicit = flag, true
	case getenv(EnvDir) != "":
		dir, explicit = getenv(EnvDir), true
	default:
		base := userCacheDir(getenv)
		if base == "" {
			return "", false, fmt.Errorf("no user cache directory ($XDG_CACHE_HOME, $HOME, %%LocalAppData%%)")
		}
		dir = filepath.Join(base, "qmslint")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", explicit, err
	}
	return abs, explicit, nil
}

// Outside returns an error when dir is repo or inside it: a cache written
// into the linted repository would change what the next lint reads, and
// could be committed by mistake. Both paths are compared with their
// symbolic links resolved, as far as they exist.
func Outside(dir, repo string) error {
	d, r := resolve(dir), resolve(repo)
	rel, err := filepath.Rel(r, d)
	if err != nil {
		return nil
	}
	if rel == "." || rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("the cache directory %s is inside the repository %s; choose another with --cache-dir or $%s, or run with --no-cache", dir, repo, EnvDir)
	}
	return nil
}

// resolve resolves the symbolic links of the longest existing prefix of p.
func resolve(p string) string {
	p, _ = filepath.Abs(p)
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// userCacheDir is os.UserCacheDir read through getenv, so that the CLI's
// tests, which pin the environment, never write to the real one.
func userCacheDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv("LocalAppData")
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Caches")
		}
		return ""
	case "plan9":
		if h := getenv("home"); h != "" {
			return filepath.Join(h, "lib", "cache")
		}
		return ""
	}
	if x := getenv("XDG_CACHE_HOME"); filepath.IsAbs(x) {
		return x
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache")
	}
	return ""
}
