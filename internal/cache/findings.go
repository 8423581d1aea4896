package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"

	"github.com/qmslint/qmslint/internal/finding"
)

// Key hashes everything a run's findings depend on. A part it cannot
// represent spoils it: Sum then says no, and the run is not cached.
type Key struct {
	h  hash.Hash
	ok bool
}

// NewKey starts a key of the given kind under this build of qmslint.
func NewKey(kind string) *Key {
	k := &Key{h: sha256.New(), ok: true}
	k.String(build())
	k.String(kind)
	return k
}

// String adds s, told apart from its neighbours.
func (k *Key) String(s string) *Key {
	k.h.Write(binary.AppendUvarint(nil, uint64(len(s))))
	k.h.Write([]byte(s))
	return k
}

// Int adds n.
func (k *Key) Int(n int) *Key {
	k.h.Write(binary.AppendVarint(nil, int64(n)))
	return k
}

// Value adds a value as the parser or history makes them (maps, lists,
// scalars); another type spoils the key.
func (k *Key) Value(v any) *Key {
	e := &encoder{}
	if err := e.value(v); err != nil {
		k.ok = false
	}
	return k.String(string(e.b))
}

// Spoil marks the key unusable: something the run depends on cannot be
// named (a policy pack without a digest, a history cut short).
func (k *Key) Spoil() { k.ok = false }

// Sum is the key, and whether it may be used.
func (k *Key) Sum() ([32]byte, bool) {
	var s [32]byte
	k.h.Sum(s[:0])
	return s, k.ok
}

// readDecoded returns the entry under key as decode reads it; false when
// there is none or it does not decode (a damaged entry is a miss).
func readDecoded[T any](s *Store, key [32]byte, decode func([]byte) (T, error)) (T, bool) {
	var zero T
	b, ok := s.read(key)
	if !ok {
		return zero, false
	}
	v, err := decode(b)
	if err != nil {
		return zero, false
	}
	s.Hits.Add(1)
	return v, true
}

// Findings returns the findings an earlier run with the same key found.
func (s *Store) Findings(key [32]byte) ([]finding.Finding, bool) {
	// The strings share the entry's bytes, read afresh for this call.
	return readDecoded(s, key, func(b []byte) ([]finding.Finding, error) { return decodeFindingsFrom(&decoder{b: b, share: true}) })
}

// PutFindings keeps a run's findings under its key.
func (s *Store) PutFindings(key [32]byte, fs []finding.Finding) {
	s.write(key, encodeFindings(fs))
}

func encodeFindings(fs []finding.Finding) []byte {
	// Sized for the strings and a few bytes of length and number each:
	// twenty thousand findings are megabytes, grown in copies otherwise.
	n := 8
	for i := range fs {
		f := &fs[i]
		n += 64 + len(f.ID) + len(f.Rule) + len(f.Severity) + len(f.Subject) + len(f.File) + len(f.Message) + len(f.Logical) + len(f.Status)
		for _, s := range f.Clauses {
			n += len(s) + 4
		}
		for _, s := range f.CAPA {
			n += len(s) + 4
		}
	}
	e := &encoder{b: make([]byte, 0, n)}
	e.length(len(fs), fs == nil)
	for _, f := range fs {
		e.str(f.ID)
		e.str(f.Rule)
		e.str(f.Severity)
		e.strs(f.Clauses)
		e.str(f.Subject)
		e.str(f.File)
		e.int(f.Line)
		e.int(f.Column)
		e.int(f.Column16)
		e.str(f.Message)
		e.str(f.Logical)
		e.str(f.Status)
		e.strs(f.CAPA)
	}
	return e.b
}

func decodeFindings(b []byte) ([]finding.Finding, error) {
	return decodeFindingsFrom(&decoder{b: b})
}

func decodeFindingsFrom(d *decoder) ([]finding.Finding, error) {
	n := d.length()
	var fs []finding.Finding
	if n >= 0 {
		fs = make([]finding.Finding, n)
	}
	for i := range fs {
		fs[i] = finding.Finding{ID: d.str(), Rule: d.str(), Severity: d.str(), Clauses: d.strs(), Subject: d.str(), File: d.str(),
			Line: d.int(), Column: d.int(), Column16: d.int(), Message: d.str(), Logical: d.str(), Status: d.str(), CAPA: d.strs()}
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return fs, d.err
}
