package load

import (
	"hash/maphash"
	"maps"
	"reflect"
	"unsafe"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// sharePositions gives the documents whose positions are equal one map
// between them. A QMS written from templates puts the same fields at the
// same lines and columns in document after document, and a map of a
// front matter's 25 pointers costs about 2 KB that the run keeps to its
// end: sharing took 18 MB off the live heap of the 10,000-document
// benchmark (54 distinct maps; 1 for the 61 documents of one real QMS, 56
// for the 65 of qms/). Positions are only read once parsed (Own already
// shares them between the sides of a comparison), so sharing is safe.
//
// Maps already one of a kind (the cache decodes equal positions into one
// map) are hashed once, not once per document.
func sharePositions(docs []*model.Document) {
	seed := maphash.MakeSeed()
	seen := map[uint64][]yamlpos.Positions{}
	byMap := map[unsafe.Pointer]yamlpos.Positions{}
	for _, d := range docs {
		if len(d.Pos) == 0 {
			continue
		}
		ptr := reflect.ValueOf(d.Pos).UnsafePointer()
		if p, ok := byMap[ptr]; ok {
			d.Pos = p
			continue
		}
		h := positionsHash(seed, d.Pos)
		shared := false
		for _, p := range seen[h] {
			if maps.Equal(p, d.Pos) {
				d.Pos, shared = p, true
				break
			}
		}
		if !shared {
			seen[h] = append(seen[h], d.Pos)
		}
		byMap[ptr] = d.Pos
	}
}

// positionsHash hashes the entries of pos in any order: equal maps hash
// alike, and sharePositions compares the maps a hash matches.
func positionsHash(seed maphash.Seed, pos yamlpos.Positions) uint64 {
	sum := uint64(len(pos))
	for k, p := range pos {
		h := maphash.String(seed, k)
		h ^= uint64(p.Line)*0x9e3779b97f4a7c15 + uint64(p.Col)*0xc2b2ae3d27d4eb4f + uint64(p.Col16)*0x165667b19e3779f9
		h ^= h >> 33
		h *= 0xff51afd7ed558ccd
		h ^= h >> 33
		sum += h
	}
	return sum
}
