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
	for _, rel := range overlay {
		if known[rel] || rel != path.Clean(rel) || path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
			continue
		}
		if !isQMSFile(rel) || ignore.file(rel) || hiddenOrIgnoredDir(rel, ignore) {
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

func hiddenOrIgnoredDir(rel string, ignore ignoreRules) bool {
	parts := strings.Split(rel, "/")
	for i := range parts[:len(parts)-1] {
		if strings.HasPrefix(parts[i], ".") || ignore.dir(strings.Join(parts[:i+1], "/")) {
			return true
		}
	}
	return false
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
