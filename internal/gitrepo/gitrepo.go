// Package gitrepo reads what qmslint needs from the Git repository that
// holds a QMS: the index, the tree of a commit and the history, through
// go-git, so that qmslint never needs a git binary. Everything is scoped to
// the QMS root (a directory inside the work tree) and returned with paths
// relative to that root, the paths findings use.
package gitrepo

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	git "github.com/go-git/go-git/v5"
	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// ErrNotRepository is returned when a path is not inside a Git work tree.
var ErrNotRepository = errors.New("not inside a Git repository")

// Repo is an opened repository and the QMS root inside its work tree.
type Repo struct {
	git *git.Repository
	// Top is the absolute path of the work tree.
	Top string
	// Prefix is the QMS root relative to Top, slash-separated, with a
	// trailing slash, or "" when the root is the top.
	Prefix string
	// dirs holds plainDir's answers by folder.
	dirs sync.Map
}

// Open opens the repository whose work tree contains root.
func Open(root string) (*Repo, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	r, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		if errors.Is(err, git.ErrRepositoryNotExists) {
			return nil, fmt.Errorf("%s: %w", root, ErrNotRepository)
		}
		return nil, err
	}
	wt, err := r.Worktree()
	if err != nil {
		return nil, fmt.Errorf("%s: %w (a bare repository has no work tree)", root, ErrNotRepository)
	}
	top := wt.Filesystem.Root()
	if resolved, err := filepath.EvalSymlinks(top); err == nil {
		top = resolved
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%s: %w", root, ErrNotRepository)
	}
	prefix := ""
	if rel != "." {
		prefix = filepath.ToSlash(rel) + "/"
	}
	return &Repo{git: r, Top: top, Prefix: prefix}, nil
}

// Git is the underlying go-git repository.
func (r *Repo) Git() *git.Repository { return r.git }

// Commit resolves a revision (HEAD, a branch, a tag, origin/main, a hash,
// HEAD~2) to its commit.
func (r *Repo) Commit(rev string) (*object.Commit, error) {
	h, err := r.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		if r.IsShallow() {
			return nil, fmt.Errorf("cannot resolve %q: %w; the clone is shallow, so older commits and other branches may be missing: run git fetch --unshallow (actions/checkout: fetch-depth: 0)", rev, err)
		}
		return nil, fmt.Errorf("cannot resolve %q: %w", rev, err)
	}
	c, err := r.git.CommitObject(*h)
	if err != nil {
		return nil, fmt.Errorf("%q is not a commit: %w", rev, r.missing(err, "commit "+h.String()[:8]))
	}
	return c, nil
}

// Files maps a path, relative to the QMS root, to the file's content.
type Files map[string][]byte

// Paths returns the paths in order.
func (fs Files) Paths() []string {
	out := make([]string, 0, len(fs))
	for p := range fs {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Blobs maps a path, relative to the QMS root, to the hash of the file's
// blob: a tree or the index read without reading a single blob, so that
// files a cache already knows by hash are never read.
type Blobs map[string]plumbing.Hash

// Tree reads every regular file under the QMS root in commit c, plus the
// .qmslint.yaml files of the directories above the root, which decide its
// configuration (their paths start with "../").
func (r *Repo) Tree(c *object.Commit) (Files, error) {
	bs, err := r.TreeBlobs(c)
	if err != nil {
		return nil, err
	}
	return r.Read(bs)
}

// TreeBlobs lists what Tree reads, by blob hash.
func (r *Repo) TreeBlobs(c *object.Commit) (Blobs, error) {
	tree, err := c.Tree()
	if err != nil {
		return nil, err
	}
	out := Blobs{}
	// The walker yields entries without reading blobs (tree.Files would
	// read each whole).
	w := object.NewTreeWalker(tree, true, nil)
	defer w.Close()
	for {
		name, e, err := w.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, r.missing(err, "a tree")
		}
		rel, ok := r.scope(name)
		if !ok || !regular(e.Mode) {
			continue
		}
		out[rel] = e.Hash
	}
}

// Index reads the staged content of every tracked file under the QMS root:
// the repository as the next commit would record it.
func (r *Repo) Index() (Files, error) {
	bs, err := r.IndexBlobs()
	if err != nil {
		return nil, err
	}
	return r.Read(bs)
}

// IndexBlobs lists what Index reads, by blob hash.
func (r *Repo) IndexBlobs() (Blobs, error) {
	idx, err := r.git.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("cannot read the index: %w", err)
	}
	out := Blobs{}
	for _, e := range idx.Entries {
		rel, ok := r.scope(e.Name)
		if !ok || !regular(e.Mode) || e.Stage != 0 {
			continue
		}
		out[rel] = e.Hash
	}
	return out, nil
}

// Read reads every blob of bs (a placeholder for one over MaxBlobSize),
// from the work tree where it holds the blob (ReadFileBlob).
func (r *Repo) Read(bs Blobs) (Files, error) {
	out := make(Files, len(bs))
	for rel, h := range bs {
		b, err := r.fileBlob(rel, h)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.Prefix+rel, err)
		}
		out[rel] = b
	}
	return out, nil
}

// BlobsRead counts the blobs ReadBlob read, for tests that hold a warm
// comparison to reading only the files that changed.
var BlobsRead atomic.Int64

// ReadBlob reads one blob as the loader reads a file: its content, or
// only its size when that is over limit.
func (r *Repo) ReadBlob(h plumbing.Hash, limit int64) (src []byte, size int64, err error) {
	BlobsRead.Add(1)
	if size, ok := r.looseSize(h); ok && size > limit {
		return nil, size, nil
	}
	b, err := r.git.BlobObject(h)
	if err != nil {
		return nil, 0, r.missing(err, "blob "+h.String()[:8])
	}
	if b.Size > limit {
		return nil, b.Size, nil
	}
	src, err = blobBytes(b)
	return src, int64(len(src)), err
}

// StagedChanges lists the paths (relative to the QMS root) whose staged
// blob differs from HEAD's: added, modified or deleted in the index.
func (r *Repo) StagedChanges(head, index Blobs) []string {
	var out []string
	for p, h := range index {
		if hh, ok := head[p]; !ok || hh != h {
			out = append(out, p)
		}
	}
	for p := range head {
		if _, ok := index[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// scope turns a repository path into a path relative to the QMS root. The
// configuration files of the root's ancestors are kept as "../" paths so a
// materialised copy finds the same .qmslint.yaml.
func (r *Repo) scope(name string) (string, bool) {
	if strings.HasPrefix(name, r.Prefix) {
		return strings.TrimPrefix(name, r.Prefix), true
	}
	base := path.Base(name)
	if base != ".qmslint.yaml" && base != ".qmslint.yml" {
		return "", false
	}
	dir := path.Dir(name)
	if dir == "." {
		dir = ""
	} else {
		dir += "/"
	}
	if !strings.HasPrefix(r.Prefix, dir) {
		return "", false
	}
	up := strings.Count(strings.TrimPrefix(r.Prefix, dir), "/")
	return strings.Repeat("../", up) + base, true
}

func regular(m filemode.FileMode) bool {
	return m == filemode.Regular || m == filemode.Executable
}

// blob is a blob's content, or a placeholder when it is over MaxBlobSize.
func (r *Repo) blob(h plumbing.Hash) ([]byte, error) {
	if size, ok := r.looseSize(h); ok && size > MaxBlobSize {
		return oversize(size, h), nil
	}
	b, err := r.git.BlobObject(h)
	if err != nil {
		return nil, r.missing(err, "blob "+h.String()[:8])
	}
	if b.Size > MaxBlobSize {
		return oversize(b.Size, h), nil
	}
	return blobBytes(b)
}

// MaxBlobSize is the largest file read from Git objects: the loader's
// limit for the work tree (load.MaxFileSize), checked on the blob's size
// before anything is read, so a 19 MB file in a commit costs no more than
// one in the work tree.
const MaxBlobSize = 10 << 20

// oversizeMagic marks a placeholder for a file over MaxBlobSize in Files.
// It is random per process, so no committed file can pass for one.
var oversizeMagic = func() string {
	var b [8]byte
	rand.Read(b[:])
	return "\x00qmslint-oversize-" + hex.EncodeToString(b[:]) + ":"
}()

// oversize is the placeholder of a blob over the limit: its size and hash
// (so a change to it is still a change), and no content.
func oversize(size int64, h plumbing.Hash) []byte {
	return []byte(fmt.Sprintf("%s%d:%s", oversizeMagic, size, h))
}

// looseSize is blobSize for a loose object, false for a packed one: go-git
// reads a loose object whole, so its size is checked first, but a packed
// object's size comes with it (BlobObject reads one over 16 KiB lazily),
// and asking for it first opened the pack again for every blob: a third
// of the history's blob reads on a large repository.
func (r *Repo) looseSize(h plumbing.Hash) (int64, bool) {
	if st, ok := r.git.Storer.(*filesystem.Storage); ok {
		hex := h.String()
		if _, err := st.Filesystem().Stat(path.Join("objects", hex[:2], hex[2:])); err != nil {
			return 0, false
		}
	}
	return r.blobSize(h)
}

// blobSize is a blob's size read from its header alone, where the storage
// can tell it (a loose object's header, a pack's index).
func (r *Repo) blobSize(h plumbing.Hash) (int64, bool) {
	s, ok := r.git.Storer.(interface {
		EncodedObjectSize(plumbing.Hash) (int64, error)
	})
	if !ok {
		return 0, false
	}
	n, err := s.EncodedObjectSize(h)
	return n, err == nil
}

// oversizeOf returns the size a placeholder stands for.
func oversizeOf(content []byte) (int64, bool) {
	rest, ok := strings.CutPrefix(string(content), oversizeMagic)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(rest[:max(strings.IndexByte(rest, ':'), 0)], 10, 64)
	return n, err == nil
}

func blobBytes(b *object.Blob) ([]byte, error) {
	rd, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}

// Materialize writes files into a new temporary directory laid out like
// the work tree and returns the directory that stands for the QMS root.
// An empty .git directory at the top stops configuration discovery from
// climbing out of the copy. cleanup removes everything.
func (r *Repo) Materialize(files Files) (root string, cleanup func(), err error) {
	tmp, err := tempDir()
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	if err := os.Mkdir(filepath.Join(tmp, ".git"), 0o755); err != nil {
		cleanup()
		return "", nil, err
	}
	root = filepath.Join(tmp, filepath.FromSlash(r.Prefix))
	dirs := map[string]bool{}
	for p, b := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if d := filepath.Dir(full); !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				cleanup()
				return "", nil, err
			}
			dirs[d] = true
		}
		// A file over the limit becomes a sparse file of its size: the
		// loader skips it with the same finding as in the work tree,
		// and nothing is read or written.
		if n, ok := oversizeOf(b); ok {
			err = writeSparse(full, n)
		} else {
			err = os.WriteFile(full, b, 0o644)
		}
		if err != nil {
			cleanup()
			return "", nil, err
		}
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		cleanup()
		return "", nil, err
	}
	return root, cleanup, nil
}

// Checkout lays out bs like the work tree in a new temporary directory,
// as Materialize does, but writes only the files for which write is true:
// the others (the files the loader parses) are read from their blobs by
// whoever asks, so an unchanged file a cache knows by its hash is never
// read. Every folder is made, so a link to a folder that holds only
// unwritten files still resolves.
func (r *Repo) Checkout(bs Blobs, write func(rel string) bool) (root string, cleanup func(), err error) {
	files := Files{}
	dirs := map[string]bool{}
	for rel, h := range bs {
		if !write(rel) {
			dirs[path.Dir(rel)] = true
			continue
		}
		b, err := r.fileBlob(rel, h)
		if err != nil {
			return "", nil, fmt.Errorf("%s: %w", r.Prefix+rel, err)
		}
		files[rel] = b
	}
	root, cleanup, err = r.Materialize(files)
	if err != nil {
		return "", nil, err
	}
	for d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil {
			cleanup()
			return "", nil, err
		}
	}
	return root, cleanup, nil
}

func writeSparse(p string, size int64) error {
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// tempDir prefers memory (/dev/shm) unless TMPDIR says otherwise: writing
// and removing a QMS's files costs ~80 ms on a journaled disk and ~2 ms
// in memory, which decides whether a pre-commit hook feels instant.
func tempDir() (string, error) {
	if os.Getenv("TMPDIR") == "" {
		if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
			if dir, err := os.MkdirTemp("/dev/shm", "qmslint-git-"); err == nil {
				return dir, nil
			}
		}
	}
	return os.MkdirTemp("", "qmslint-git-")
}

// HooksPath is core.hooksPath as configured for this repository (its own
// config, then the user's and the system's), "" when unset: Git runs the
// hooks there instead of .git/hooks.
func (r *Repo) HooksPath() (string, error) {
	cfg, err := r.git.ConfigScoped(gitconfig.SystemScope)
	if err != nil {
		return "", err
	}
	return cfg.Raw.Section("core").Option("hooksPath"), nil
}
