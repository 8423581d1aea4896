package cache

import "github.com/qmslint/qmslint/internal/finding"

// Entry returns the payload kept under key by PutEntry, false when there
// is none or it does not read back whole: for what a caller keys itself
// (a comparison's changed documents) with the guarantees of every entry
// (a CRC, written whole or not at all, trimmed by age).
func (s *Store) Entry(key [32]byte) ([]byte, bool) {
	b, ok := s.read(key)
	if ok {
		s.Hits.Add(1)
	}
	return b, ok
}

// PutEntry keeps payload under key.
func (s *Store) PutEntry(key [32]byte, payload []byte) { s.write(key, payload) }

// EncodeFindings is findings as an entry keeps them, nil and empty lists
// told apart, so that they decode to what was encoded.
func EncodeFindings(fs []finding.Finding) []byte { return encodeFindings(fs) }

// DecodeFindings reverses EncodeFindings; an error for bytes it did not
// write.
func DecodeFindings(b []byte) ([]finding.Finding, error) { return decodeFindings(b) }
