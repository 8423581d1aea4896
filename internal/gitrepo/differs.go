package gitrepo

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Differs reports whether a file a run read is missing from commit c or
// holds other content there (the report's "+changes"). sums maps a path
// relative to the QMS root to the SHA-256 (hex) of the content the run
// read from root. A file that still holds that content is compared by its
// Git blob hash, which the tree gives without reading the blob: reading
// every blob of the commit was a ninth of a report on 10,000 files. Only a
// file changed since the run has its blob read.
func (r *Repo) Differs(c *object.Commit, root string, sums map[string]string) (bool, error) {
	hashes, err := r.TreeBlobs(c)
	if err != nil {
		return false, err
	}
	dir, err := os.OpenRoot(root)
	if err != nil {
		dir = nil
	} else {
		defer dir.Close()
	}
	for p, sum := range sums {
		h, ok := hashes[p]
		if !ok {
			return true, nil
		}
		if b, ok := readRegular(dir, p); ok && hexSHA256(b) == sum {
			if blobHash(b) != h {
				return true, nil
			}
			continue
		}
		b, err := r.blob(h)
		if err != nil {
			return false, err
		}
		if hexSHA256(b) != sum {
			return true, nil
		}
	}
	return false, nil
}

// readRegular is the content of a regular file under dir, up to
// MaxBlobSize; false for anything else. The os.Root keeps a name or a
// link from leading outside dir.
func readRegular(dir *os.Root, name string) ([]byte, bool) {
	if dir == nil {
		return nil, false
	}
	f, err := dir.Open(name)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > MaxBlobSize {
		return nil, false
	}
	// One byte of spare room: a file read whole ends with a read of zero
	// bytes, and one that grew meanwhile fills it and is refused.
	b := make([]byte, 0, st.Size()+1)
	for {
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, true
		}
		if err != nil || len(b) == cap(b) {
			return nil, false
		}
	}
}

func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// blobHash is Git's name for content as a blob. It is only compared with
// hashes Git computed, so the plain SHA-1 serves (go-git's
// collision-detecting one is several times slower).
func blobHash(b []byte) plumbing.Hash {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(b)) + "\x00"))
	h.Write(b)
	var out plumbing.Hash
	h.Sum(out[:0])
	return out
}
