package adopt

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5"

	"github.com/qmslint/qmslint/internal/safepath"
)

// ErrNotGit is returned by Dirty outside a Git repository: nothing could
// restore a file import changed by mistake.
var ErrNotGit = errors.New("not in a Git repository")

// Dirty lists the files of the changes that have uncommitted changes
// (modified, staged or untracked), so import never overwrites work that
// Git could not give back.
func (imp *Import) Dirty() ([]string, error) {
	repo, err := git.PlainOpenWithOptions(imp.Root, &git.PlainOpenOptions{DetectDotGit: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, ErrNotGit
	}
	if err != nil {
		return nil, err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, err
	}
	status, err := wt.Status()
	if err != nil {
		return nil, err
	}
	top, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return nil, err
	}
	var dirty []string
	for _, c := range imp.Changes {
		if c.Old == nil {
			continue // a new file overwrites nothing
		}
		rel, err := filepath.Rel(top, filepath.Join(imp.Root, filepath.FromSlash(c.Path)))
		if err != nil {
			return nil, err
		}
		if fs, ok := status[filepath.ToSlash(rel)]; ok && (fs.Staging != git.Unmodified || fs.Worktree != git.Unmodified) {
			dirty = append(dirty, c.Path)
		}
	}
	return dirty, nil
}

// Apply writes every change. Each file is written beside itself and
// renamed over, so an interrupted import leaves whole files.
func (imp *Import) Apply() error {
	for _, c := range imp.Changes {
		target, err := insideRoot(imp.Root, c.Path)
		if err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if fi, err := os.Stat(target); err == nil {
			mode = fi.Mode().Perm()
		}
		tmp, err := os.CreateTemp(filepath.Dir(target), ".qmslint-import-*")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(c.New)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), mode)); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Rename(tmp.Name(), target); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}

// insideRoot resolves rel under root by the rule every write follows
// (safepath): a path that leaves the root through ".." or a link is
// refused, and so is one that is itself a link, since writing through it
// would change another file.
func insideRoot(root, rel string) (string, error) {
	target := filepath.Join(root, filepath.FromSlash(rel))
	if safepath.IsLink(target) {
		return "", fmt.Errorf("%s is a symbolic link; import does not write through links", rel)
	}
	real, err := safepath.Within(root, target)
	if errors.Is(err, safepath.ErrOutside) {
		return "", fmt.Errorf("%s is outside the repository; not written", rel)
	}
	return real, err
}
