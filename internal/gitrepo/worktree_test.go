package gitrepo_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
)

// TestReadFileBlobFromWorkTree holds ReadFileBlob to the work tree's copy
// of a blob only where that copy is the blob itself, inside the
// repository. A file taken from the work tree is told apart by deleting
// its object: only the work tree can still give it.
func TestReadFileBlobFromWorkTree(t *testing.T) {
	g := gittest.New(t)
	g.Commit("2026-01-01", "seed", map[string]string{
		"qms/clean.md":     "clean\n",
		"qms/edited.md":    "committed\n",
		"qms/touched.md":   "same size\n",
		"qms/linked.md":    "linked\n",
		"qms/sub/deep.md":  "deep\n",
		"qms/gone/file.md": "under a linked folder\n",
	})
	repo, err := gitrepo.Open(filepath.Join(g.Dir, "qms"))
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Commit("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := repo.TreeBlobs(head)
	if err != nil {
		t.Fatal(err)
	}
	dropObject := func(rel string) {
		t.Helper()
		hex := blobs[rel].String()
		if err := os.Remove(filepath.Join(g.Dir, ".git", "objects", hex[:2], hex[2:])); err != nil {
			t.Fatal(err)
		}
	}
	read := func(rel string) (string, error) {
		t.Helper()
		src, size, err := repo.ReadFileBlob(rel, blobs[rel], 1<<20)
		if err == nil && int64(len(src)) != size {
			t.Errorf("%s: size %d for %d bytes", rel, size, len(src))
		}
		return string(src), err
	}

	// A clean file is read from the work tree, even in a sub-folder.
	dropObject("clean.md")
	dropObject("sub/deep.md")
	for rel, want := range map[string]string{"clean.md": "clean\n", "sub/deep.md": "deep\n"} {
		if got, err := read(rel); err != nil || got != want {
			t.Errorf("clean %s = %q, %v; want %q from the work tree", rel, got, err, want)
		}
	}

	// So are the files Read and Checkout read (configuration, evidence).
	if fs, err := repo.Read(gitrepo.Blobs{"clean.md": blobs["clean.md"]}); err != nil || string(fs["clean.md"]) != "clean\n" {
		t.Errorf("Read(clean.md) = %q, %v; want it from the work tree", fs["clean.md"], err)
	}
	root, cleanup, err := repo.Checkout(gitrepo.Blobs{"sub/deep.md": blobs["sub/deep.md"]}, func(string) bool { return true })
	if err != nil {
		t.Fatalf("Checkout(sub/deep.md): %v; want it from the work tree", err)
	}
	defer cleanup()
	if b, err := os.ReadFile(filepath.Join(root, "sub", "deep.md")); err != nil || string(b) != "deep\n" {
		t.Errorf("checked out sub/deep.md = %q, %v", b, err)
	}

	// A modified file is not: the blob's content is returned.
	g.Write(map[string]string{"qms/edited.md": "edited in the work tree\n"})
	if got, err := read("edited.md"); err != nil || got != "committed\n" {
		t.Errorf("edited.md = %q, %v; want the committed blob", got, err)
	}

	// Same size and the index's modification time, other content: the
	// hash decides, not the file's stat.
	full := filepath.Join(g.Dir, "qms", "touched.md")
	fi, err := os.Stat(full)
	if err != nil {
		t.Fatal(err)
	}
	g.Write(map[string]string{"qms/touched.md": "SAME SIZE\n"})
	if err := os.Chtimes(full, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got, err := read("touched.md"); err != nil || got != "same size\n" {
		t.Errorf("touched.md = %q, %v; want the committed blob", got, err)
	}

	// A link to a file outside the repository with the blob's content is
	// not followed: with the object gone, the read fails.
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "linked.md"), []byte("linked\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(g.Dir, "qms", "linked.md")
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "linked.md"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	dropObject("linked.md")
	if got, err := read("linked.md"); err == nil {
		t.Errorf("linked.md = %q read through a link out of the repository", got)
	}

	// Nor is a folder that is a link out of the repository.
	if err := os.MkdirAll(filepath.Join(outside, "gone"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "gone", "file.md"), []byte("under a linked folder\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(g.Dir, "qms", "gone")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "gone"), filepath.Join(g.Dir, "qms", "gone")); err != nil {
		t.Fatal(err)
	}
	dropObject("gone/file.md")
	if got, err := read("gone/file.md"); err == nil {
		t.Errorf("gone/file.md = %q read through a linked folder", got)
	}

	// A path that climbs out of the root is never taken from disk.
	if _, _, err := repo.ReadFileBlob("../qms/clean.md", blobs["clean.md"], 1<<20); err == nil {
		t.Error(`"../qms/clean.md" was read from the work tree`)
	}
	if _, _, err := repo.ReadFileBlob("clean.md", plumbing.ZeroHash, 1<<20); err == nil {
		t.Error("a file was taken for a blob it does not hash to")
	}
}
