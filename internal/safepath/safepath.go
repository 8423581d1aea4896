// Package safepath is the one rule for every path qmslint reads or writes
// on a repository's say (a setting in .qmslint.yaml, an id that becomes a
// file name, a hook path from .git/config): the path, with every symbolic
// link in it resolved, must lie inside the root it belongs to.
//
// filepath.EvalSymlinks is not enough: it fails on a dangling link, and a
// dangling link is exactly how a write escapes (os.WriteFile creates the
// link's target wherever it points). Resolve follows links component by
// component with Lstat and Readlink, so a link to a file that does not
// exist yet still resolves to where a write would land.
package safepath

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// maxLinks bounds the links followed in one path, as the kernel's
// MAXSYMLINKS does (40); more means a loop.
const maxLinks = 40

var (
	// ErrOutside is returned for a path that resolves outside its root.
	ErrOutside = errors.New("outside the root")
	// ErrLoop is returned for a path whose symbolic links form a loop.
	ErrLoop = errors.New("symbolic link loop")
)

// Resolve returns the absolute path p resolves to, following every link,
// dangling ones included. The parts of the path that do not exist are
// kept as written.
func Resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := splitAll(abs)
	cur := string(filepath.Separator)
	links := 0
	for len(rest) > 0 {
		name := rest[0]
		rest = rest[1:]
		next := filepath.Join(cur, name)
		fi, err := os.Lstat(next)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
				// Nothing below a missing name can be a link.
				return filepath.Join(append([]string{next}, rest...)...), nil
			}
			return "", err
		}
		if fi.Mode()&os.ModeSymlink == 0 {
			cur = next
			continue
		}
		links++
		if links > maxLinks {
			return "", fmt.Errorf("%s: %w", p, ErrLoop)
		}
		target, err := os.Readlink(next)
		if err != nil {
			return "", err
		}
		if filepath.IsAbs(target) {
			cur = string(filepath.Separator)
		}
		rest = append(splitAll(target), rest...)
	}
	return cur, nil
}

// splitAll splits a path into its names; ".." stays a name so that it is
// applied after the link before it is resolved, as the kernel does.
func splitAll(p string) []string {
	var out []string
	for _, s := range strings.Split(filepath.ToSlash(p), "/") {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}

// Within resolves p and returns its real path when it lies inside root
// (itself resolved), or an error wrapping ErrOutside or ErrLoop. A
// relative p is taken relative to root.
func Within(root, p string) (string, error) {
	r, err := Resolve(root)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	real, err := Resolve(p)
	if err != nil {
		return "", err
	}
	if !Inside(r, real) {
		return "", ErrOutside
	}
	return real, nil
}

// Inside reports whether p is root or below it; both must be clean
// absolute paths.
func Inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// IsLink reports whether p itself (not its parents) is a symbolic link.
func IsLink(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode()&os.ModeSymlink != 0
}

// LinkedParent returns the first directory between root and p (exclusive
// of root) that is a symbolic link, or "" when there is none: writing
// below a linked folder goes wherever the link points.
func LinkedParent(root, p string) string {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return ""
	}
	cur := root
	names := splitAll(rel)
	for _, n := range names[:max(len(names)-1, 0)] {
		cur = filepath.Join(cur, n)
		if IsLink(cur) {
			return cur
		}
	}
	return ""
}
