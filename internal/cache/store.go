// Package cache keeps what qmslint parsed and validated across runs, so
// that a run reads and parses only the files that changed since the last
// one, and the two sides of a comparison (lint --staged, --new-since,
// review) parse each distinct file once.
//
// An entry is one file as the loader parsed it plus its schema problems,
// keyed by the file's path and content digest and by everything else its
// parse depends on (Namespace: qmslint's build, the configuration, the
// catalogs). The store lives in the user's cache directory, never inside
// the repository being linted (whose content is untrusted), is bounded in
// size, and is safe under concurrent runs: entries are written to a
// temporary file and renamed into place, and an entry that does not
// read back whole is ignored and written again. docs/cache.md describes
// it for users.
package cache

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/qmslint/qmslint/internal/load"
)

// DefaultLimit bounds the store: about 10 KB an entry, so some 50,000
// files, five repositories of 10,000 documents.
const DefaultLimit = 512 << 20

// magic opens every entry file; its last byte is the entry format's
// version, so a newer qmslint never misreads an older entry.
var magic = []byte("QLC\x01")

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Store is a cache directory, plus the entries of this process in memory:
// the two sides of a comparison share one Store, so a file both sides
// hold is parsed once.
type Store struct {
	dir   string
	limit int64
	// keep holds parsed entries in memory after a load has written them,
	// for a second load in this process (a comparison's other side).
	keep bool
	// retain holds them from one load to the next of a long-running
	// process (Retained), letting go of what the last load did not ask
	// for.
	retain bool

	mu  sync.Mutex
	mem map[[32]byte]*entry
	// seen is, when retained, the status and content digest of each
	// file the last load read from disk (load.Remembered).
	seen map[string]seenFile
	// positions are the front matters' positions decoded, shared by
	// equal ones (posTable).
	positions posTable

	// The packs of parsed files (pack.go), their index read once.
	packOnce sync.Once
	index    map[[32]byte]loc
	packs    []*os.File
	// whole are the packs' bytes, each read at once when a load first
	// takes an entry from it (wholePack).
	whole     []*wholePack
	packNames []string
	broken    []string

	// Reads, Hits and Writes count entries read from disk, found whole,
	// and written: tests check a warm run parses nothing. Decodes counts
	// parsed files decoded: the sides of a comparison decode each file
	// they share once.
	Reads, Hits, Writes, Decodes atomic.Int64
}

// entry is one file's cached parse and schema problems. ready is closed
// once the loader that first asked for it has filled it in.
type entry struct {
	key    [32]byte
	ready  chan struct{}
	parsed []byte // nil when the file's values cannot be cached
	// values is the file as first decoded or parsed, never handed out
	// itself: the loads of a shared store take load.Own of it instead of
	// decoding parsed again.
	values    *load.Parsed
	schema    []byte
	hasSchema bool
	onDisk    bool
}

// Open returns the store in dir, holding at most limit bytes (0 means
// DefaultLimit). The directory is made when first written.
func Open(dir string, limit int64) *Store {
	if limit <= 0 {
		limit = DefaultLimit
	}
	return &Store{dir: dir, limit: limit, mem: map[[32]byte]*entry{}}
}

// Shares reports whether the store is shared by the sides of a
// comparison in this process (Shared, Memory): only then may one side
// wait for what the other judges.
func (s *Store) Shares() bool { return s.keep }

// Memory returns a store that keeps entries in this process only, for
// the sides of a comparison to share when the cache across runs is off.
func Memory() *Store {
	return &Store{limit: DefaultLimit, mem: map[[32]byte]*entry{}, keep: true}
}

// Shared makes the store keep entries in memory for the other loads of
// this process: a comparison loads two sides that share most files.
func (s *Store) Shared() *Store {
	s.keep = true
	return s
}

// Retained makes the store keep, from one load to the next, the parsed
// files the last load asked for, as values: the language server loads
// the same repository after every edit, and decoding every file again
// from the packs was a fifth of an evaluation. Unlike Shared, loads do
// not wait for one another's judgements; the store is for one
// repository, used by one process for its life.
func (s *Store) Retained() *Store {
	s.retain = true
	return s
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

func (s *Store) path(key [32]byte) string {
	h := hex.EncodeToString(key[:])
	return filepath.Join(s.dir, "files", h[:2], h[2:])
}

// read returns an entry's payload, false when there is none or it does
// not read back whole (a run killed while writing it, a full disk, a
// damaged file): the caller parses again and rewrites it.
func (s *Store) read(key [32]byte) ([]byte, bool) {
	if s.dir == "" {
		return nil, false
	}
	s.Reads.Add(1)
	b, err := os.ReadFile(s.path(key))
	if err != nil || len(b) < len(magic)+12 || string(b[:len(magic)]) != string(magic) {
		return nil, false
	}
	b = b[len(magic):]
	sum, n := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint64(b[4:])
	payload := b[12:]
	if uint64(len(payload)) != n || crc32.Checksum(payload, crcTable) != sum {
		return nil, false
	}
	return payload, true
}

// write stores an entry: to a temporary file in the same directory,
// renamed into place, so a concurrent run reads the old entry, the new
// one or none, never half of one. Failing to write only costs the next
// run a parse.
func (s *Store) write(key [32]byte, payload []byte) {
	if s.dir == "" {
		return
	}
	p := s.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	head := make([]byte, 0, len(magic)+12)
	head = append(head, magic...)
	head = binary.LittleEndian.AppendUint32(head, crc32.Checksum(payload, crcTable))
	head = binary.LittleEndian.AppendUint64(head, uint64(len(payload)))
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	// The payload as given, not copied behind its header: a run's
	// findings are megabytes.
	_, werr := f.Write(head)
	if werr == nil {
		_, werr = f.Write(payload)
	}
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), p) != nil {
		os.Remove(f.Name())
		return
	}
	s.Writes.Add(1)
}

// Trim removes the oldest entries (by the time they were written) until
// the store holds at most three quarters of its limit, when it holds more
// than the limit. Temporary files of runs that died are removed after an
// hour; younger ones may belong to a run still writing.
func (s *Store) Trim() error {
	if s.dir == "" {
		return nil
	}
	type file struct {
		path string
		size int64
		mod  time.Time
	}
	var files []file
	var total int64
	// Only what the cache writes is looked at: --cache-dir may name a
	// directory that holds other files, and those are never removed.
	var err error
	for _, sub := range []string{"files", "packs"} {
		err = errors.Join(err, filepath.WalkDir(filepath.Join(s.dir, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if d.IsDir() || !ours(sub, d.Name()) {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			if strings.HasPrefix(d.Name(), ".tmp-") {
				if time.Since(info.ModTime()) > time.Hour {
					os.Remove(p)
				}
				return nil
			}
			files = append(files, file{p, info.Size(), info.ModTime()})
			total += info.Size()
			return nil
		}))
	}
	if err != nil || total <= s.limit {
		return err
	}
	sort.Slice(files, func(i, j int) bool {
		if !files[i].mod.Equal(files[j].mod) {
			return files[i].mod.Before(files[j].mod)
		}
		return files[i].path < files[j].path
	})
	for _, f := range files {
		if total <= s.limit/4*3 {
			break
		}
		if os.Remove(f.path) == nil || errors.Is(err, fs.ErrNotExist) {
			total -= f.size
		}
	}
	return nil
}

// ours reports whether a file in the cache's folder sub is one it wrote:
// an entry (named by its key in hex), a pack, or a temporary file.
func ours(sub, name string) bool {
	if strings.HasPrefix(name, ".tmp-") {
		return true
	}
	if sub == "packs" {
		return strings.HasSuffix(name, ".pack")
	}
	if len(name) != 62 {
		return false
	}
	_, err := hex.DecodeString(name)
	return err == nil
}
