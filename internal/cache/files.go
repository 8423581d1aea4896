package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"maps"
	"sync"

	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
)

// Files is one load's view of a Store under one namespace: the loader
// asks it for parsed files (load.Cache), the validator for the schema
// problems of the files it already knows, and Flush writes what this
// load parsed or validated afresh.
type Files struct {
	store *Store
	ns    [32]byte
	// blobNS is the namespace of blob hashes, kept rather than hashed
	// again for each of a side's files.
	blobNS [32]byte

	mu     sync.Mutex
	byFile map[string]*entry
}

// Files opens a load's view of the store; ns is Namespace of everything
// the load's parse depends on besides the files themselves.
func (s *Store) Files(ns [32]byte) *Files {
	blobNS := sha256.Sum256(append([]byte("git blob\x00"), ns[:]...))
	return &Files{store: s, ns: ns, blobNS: blobNS, byFile: map[string]*entry{}}
}

func (f *Files) key(rel string, sum [32]byte) [32]byte { return fileKey(f.ns, rel, sum) }

func fileKey(ns [32]byte, rel string, sum [32]byte) [32]byte {
	h := sha256.New()
	h.Write(ns[:])
	h.Write(binary.AppendUvarint(nil, uint64(len(rel))))
	h.Write([]byte(rel))
	h.Write(sum[:])
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Parse implements load.Cache.
func (f *Files) Parse(rel string, sum [32]byte, parse func() load.Parsed) load.Parsed {
	return f.parse(rel, f.key(rel, sum), parse)
}

// ParseBlob implements load.Cache. Its keys are under a namespace of
// their own, so no file's content digest can stand for a blob hash.
func (f *Files) ParseBlob(rel string, blob [20]byte, parse func() load.Parsed) load.Parsed {
	var sum [32]byte
	copy(sum[:], blob[:])
	return f.parse(rel, fileKey(f.blobNS, rel, sum), parse)
}

func (f *Files) parse(rel string, key [32]byte, parse func() load.Parsed) load.Parsed {
	s := f.store
	s.mu.Lock()
	e, known := s.mem[key]
	if !known {
		e = &entry{key: key, ready: make(chan struct{})}
		s.mem[key] = e
	}
	s.mu.Unlock()
	// Recorded once parsed: a blob's parse asks for the file by content
	// too, and the validator's problems belong to the blob's entry.
	defer func() {
		f.mu.Lock()
		f.byFile[rel] = e
		f.mu.Unlock()
	}()
	if known {
		<-e.ready
		s.mu.Lock()
		v, b := e.values, e.parsed
		s.mu.Unlock()
		if v != nil {
			return load.Own(*v)
		}
		if b != nil {
			s.Decodes.Add(1)
			if p, err := decodeParsed(b, &s.positions); err == nil {
				return p
			}
		}
		return parse()
	}
	// The first to ask fills the entry in; a panic while parsing must
	// still release the loads waiting for it (they parse for themselves).
	defer close(e.ready)
	if payload, ok := s.readPacked(key); ok {
		s.Decodes.Add(1)
		if p, parsed, schema, hasSchema, err := decodeEntry(payload, &s.positions); err == nil {
			s.Hits.Add(1)
			e.parsed, e.schema, e.hasSchema, e.onDisk = parsed, schema, hasSchema, hasSchema
			return s.share(e, p)
		}
	}
	p := parse()
	if p.Transient {
		return p
	}
	if b, err := encodeParsed(p); err == nil {
		e.parsed = b
		if p.Doc == nil && p.Reg == nil {
			// Nothing to validate (a file that failed, Markdown without
			// front matter): the entry is complete as it is.
			e.schema, e.hasSchema = encodeProblems(nil), true
		}
		return s.share(e, p)
	}
	return p
}

// share keeps p for the other loads of a shared store and returns the
// caller's own copy of it; without other loads, p is the caller's.
func (s *Store) share(e *entry, p load.Parsed) load.Parsed {
	if !s.keep && !s.retain {
		return p
	}
	e.values = &p
	return load.Own(p)
}

// seenFile is a file as a retained store's last load read it: its
// status, and the key of its entry under the namespace of that load (a
// load of another namespace reads the file again).
type seenFile struct {
	status load.Status
	ns     [32]byte
	key    [32]byte
}

// Remembers implements load.Remembered: a retained store knows the files
// of its last load by their status.
func (f *Files) Remembers() bool { return f.store.retain }

// Unchanged implements load.Remembered. It gives the parse only while
// the store holds it in memory: a parse decoded again from the packs
// would cost about what reading the file does.
func (f *Files) Unchanged(rel string, st load.Status) (load.Parsed, bool) {
	s := f.store
	var v *load.Parsed
	s.mu.Lock()
	seen, ok := s.seen[rel]
	e := s.mem[seen.key]
	if ok && seen.status == st && seen.ns == f.ns && e != nil {
		select {
		case <-e.ready:
			v = e.values
		default: // another load is filling it in
		}
	}
	s.mu.Unlock()
	if v == nil {
		return load.Parsed{}, false
	}
	f.mu.Lock()
	f.byFile[rel] = e
	f.mu.Unlock()
	return load.Own(*v), true
}

// Remember implements load.Remembered.
func (f *Files) Remember(rel string, st load.Status, sum [32]byte) {
	s := f.store
	if !s.retain {
		return
	}
	key := f.key(rel, sum)
	s.mu.Lock()
	if s.seen == nil {
		s.seen = map[string]seenFile{}
	}
	s.seen[rel] = seenFile{status: st, ns: f.ns, key: key}
	s.mu.Unlock()
}

// Validated returns the schema problems of the file rel as an earlier
// validation of the same content found them.
func (f *Files) Validated(rel string) ([]model.Problem, bool) {
	f.mu.Lock()
	e := f.byFile[rel]
	f.mu.Unlock()
	if e == nil {
		return nil, false
	}
	f.store.mu.Lock()
	b, ok := e.schema, e.hasSchema
	f.store.mu.Unlock()
	if !ok {
		return nil, false
	}
	ps, err := decodeProblems(b)
	return ps, err == nil
}

// SetValidated records the schema problems of the file rel.
func (f *Files) SetValidated(rel string, ps []model.Problem) {
	f.mu.Lock()
	e := f.byFile[rel]
	f.mu.Unlock()
	if e == nil {
		return
	}
	b := encodeProblems(ps)
	f.store.mu.Lock()
	e.schema, e.hasSchema = b, true
	f.store.mu.Unlock()
}

// Flush writes the entries this load parsed or validated afresh, then
// trims the store if it wrote any. Unless the store is shared, it also
// lets go of the parsed entries this load held in memory.
func (f *Files) Flush() {
	s := f.store
	f.mu.Lock()
	defer f.mu.Unlock()
	fresh := map[[32]byte][]byte{}
	asked := make(map[[32]byte]bool, len(f.byFile))
	for _, e := range f.byFile {
		s.mu.Lock()
		if e.parsed != nil && e.hasSchema && !e.onDisk {
			fresh[e.key] = encodeEntry(e.parsed, e.schema)
			e.onDisk = true
		}
		switch {
		case s.retain && e.values != nil:
			// The values are what the next load takes; the bytes, once
			// on disk, are not needed again.
			if e.onDisk {
				e.parsed = nil
			}
		case !s.keep:
			e.parsed, e.values = nil, nil
		}
		asked[e.key] = true
		s.mu.Unlock()
	}
	switch {
	case s.retain:
		// What this load did not ask for (an edit's earlier text, a
		// deleted file) is let go; the packs stay open for the next load.
		s.mu.Lock()
		maps.DeleteFunc(s.mem, func(k [32]byte, e *entry) bool {
			select {
			case <-e.ready:
				return !asked[k]
			default:
				return false // another load is filling it in
			}
		})
		// And the statuses of files it did not read (deleted, or now
		// an unsaved buffer's).
		maps.DeleteFunc(s.seen, func(rel string, _ seenFile) bool { return f.byFile[rel] == nil })
		s.mu.Unlock()
	case !s.keep:
		s.mu.Lock()
		clear(s.mem)
		s.mu.Unlock()
		s.closePacks()
	}
	if len(fresh) > 0 {
		s.writePack(fresh)
		s.Trim()
	}
}
