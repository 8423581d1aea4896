package load

import (
	"path"
	"sort"
	"strings"
)

// withOverlay adds to the walked paths the overlay's files that are not on
// disk yet (a buffer never saved), as the walk would have listed them: a
// QMS file, not ignored, not in a hidden folder, inside the root.
func withOverlay(paths []string, overlay []string, ignore ignoreRules) []string {
	if len(overlay) == 0 {
		return paths
	}
	known := make(map[string]bool, len(paths))
	for _, p := range paths {
		known[p] = true
	}
	added := false
	skipped := map[string]bool{}
	for _, rel := range overlay {
		if known[rel] || rel != path.Clean(rel) || path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
			continue
		}
		if !isQMSFile(rel) || ignore.file(rel) || skippedDir(path.Dir(rel), ignore, skipped) {
			continue
		}
		paths = append(paths, rel)
		added = true
	}
	if added {
		sort.Strings(paths)
	}
	return paths
}

// skippedDir reports whether the walk skips the folder dir ("." for the
// root): it or a folder above it is hidden or ignored. skipped keeps each
// folder's answer: a Git side lists every file this way, ten thousand
// files in a few hundred folders, and each answer matches globs.
func skippedDir(dir string, ignore ignoreRules, skipped map[string]bool) bool {
	if dir == "." {
		return false
	}
	if v, ok := skipped[dir]; ok {
		return v
	}
	v := skippedDir(path.Dir(dir), ignore, skipped) || strings.HasPrefix(path.Base(dir), ".") || ignore.dir(dir)
	skipped[dir] = v
	return v
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
