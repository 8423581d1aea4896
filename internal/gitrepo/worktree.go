package gitrepo

import (
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/qmslint/qmslint/internal/safepath"
)

// ReadFileBlob is ReadBlob for the blob h of the file rel (relative to the
// QMS root): when the work tree's file rel holds exactly that blob, as Git
// hashes a blob ("blob <size>\0" and the content), it is read from disk
// instead. Both sides of a review mostly hold the work tree's versions,
// and inflating them from a pack was most of a cold review's extra
// reading; hashing the file costs a fraction of that. Anything else (a
// modified file, a filter or line-ending conversion, a link, a file over
// limit) is read from the blob, so the content returned is always h's.
func (r *Repo) ReadFileBlob(rel string, h plumbing.Hash, limit int64) (src []byte, size int64, err error) {
	if src, ok := r.workTreeBlob(rel, h, limit); ok {
		BlobsRead.Add(1)
		return src, int64(len(src)), nil
	}
	return r.ReadBlob(h, limit)
}

// fileBlob is blob for the file rel: the work tree's copy where it is the
// blob (a placeholder for one over MaxBlobSize, from the blob's size).
func (r *Repo) fileBlob(rel string, h plumbing.Hash) ([]byte, error) {
	if src, ok := r.workTreeBlob(rel, h, MaxBlobSize); ok {
		return src, nil
	}
	return r.blob(h)
}

// workTreeBlob is the content of the work tree's file rel when it is the
// blob h: a regular file, reached through no symbolic link (what a link
// points to is not the repository's to name), no larger than limit.
func (r *Repo) workTreeBlob(rel string, h plumbing.Hash, limit int64) ([]byte, bool) {
	if r.Top == "" || rel == "" || path.IsAbs(rel) || path.Clean(rel) != rel || rel == ".." || strings.HasPrefix(rel, "../") {
		return nil, false
	}
	full := filepath.Join(r.Top, filepath.FromSlash(r.Prefix+rel))
	if !r.plainDir(filepath.Dir(full)) {
		return nil, false
	}
	fi, err := os.Lstat(full)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > limit {
		return nil, false
	}
	f, err := os.Open(full)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	// The file opened must be the one checked, not one swapped in since.
	if open, err := f.Stat(); err != nil || !os.SameFile(fi, open) {
		return nil, false
	}
	// A file that changed size since is caught by the hash: whatever was
	// read is h's content only if it hashes to h.
	src := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, src); err != nil || plumbing.ComputeHash(plumbing.BlobObject, src) != h {
		return nil, false
	}
	return src, true
}

// plainDir reports whether dir is the work tree's top or a folder below
// it reached through no symbolic link. A QMS has few folders and many
// files, so each folder's answer is kept for the Repo's life: one
// command's (a long-lived caller would open the repository again).
func (r *Repo) plainDir(dir string) bool {
	if v, ok := r.dirs.Load(dir); ok {
		return v.(bool)
	}
	real, err := safepath.Within(r.Top, dir)
	ok := err == nil && real == dir
	r.dirs.Store(dir, ok)
	return ok
}
