//go:build !unix

package load

import "os"

// readFile reads the file at path, or returns only its size when that is
// over limit.
func readFile(path string, limit int64) ([]byte, int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, unwrapPathError(err)
	}
	if fi.Size() > limit {
		return nil, fi.Size(), nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, unwrapPathError(err)
	}
	return src, int64(len(src)), nil
}
