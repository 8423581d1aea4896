package gitrepo

import (
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5/storage/filesystem"
)

// CleanBlobs lists the work tree's files under the QMS root whose content
// is their index entry's blob, by that blob's hash: the files a lint of
// the work tree parses, known by the hash the history names their
// versions by, without reading or hashing one.
//
// A file is clean as Git judges it (git status): its size and modification
// time are the ones the index recorded, and it was not modified in the
// same instant the index was written (a "racily clean" entry, whose file
// may have changed after being hashed). Anything else is left out, and a
// caller reads its blob as before.
func (r *Repo) CleanBlobs() (Blobs, error) {
	st, ok := r.git.Storer.(*filesystem.Storage)
	if !ok {
		return Blobs{}, nil
	}
	fi, err := st.Filesystem().Stat("index")
	if err != nil {
		// No index yet (a repository without a commit): nothing is clean.
		return Blobs{}, nil
	}
	written := fi.ModTime()
	idx, err := r.git.Storer.Index()
	if err != nil {
		return nil, err
	}
	out := Blobs{}
	for _, e := range idx.Entries {
		rel, ok := r.scope(e.Name)
		if !ok || !regular(e.Mode) || e.Stage != 0 || e.SkipWorktree || e.IntentToAdd {
			continue
		}
		fi, err := os.Lstat(filepath.Join(r.Top, filepath.FromSlash(e.Name)))
		if err != nil || !fi.Mode().IsRegular() || uint32(fi.Size()) != e.Size ||
			!fi.ModTime().Equal(e.ModifiedAt) || !e.ModifiedAt.Before(written) {
			continue
		}
		out[rel] = e.Hash
	}
	return out, nil
}
