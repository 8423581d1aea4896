package load

import (
	"crypto/sha256"
	"fmt"
	"sync/atomic"

	"github.com/qmslint/qmslint/internal/model"
)

// Cache keeps files parsed by earlier loads, so that a run parses only the
// files that changed since (internal/cache keeps them across runs, and
// shares them between the two sides of a comparison).
type Cache interface {
	// Parse returns what parse returns for the file rel whose content has
	// the SHA-256 digest sum: from an earlier load when the cache holds
	// it, else by calling parse. Every call returns values of its own:
	// the loader and the stages after it modify what they are given.
	Parse(rel string, sum [32]byte, parse func() Parsed) Parsed
}

// Parsed is one file as the loader read it, before link targets are
// looked up (Load does that for every file, parsed now or earlier).
type Parsed struct {
	File     model.File
	Doc      *model.Document
	Reg      *model.Register
	Problems []model.Problem
}

// Parses counts the files parsed in this process, for tests that hold a
// comparison to one parse per distinct file and a warm run to none.
var Parses atomic.Int64

// parseCached parses src, or takes it from the reader's cache.
func parseCached(root, rel string, src []byte, d reader) result {
	if d.cache == nil {
		Parses.Add(1)
		return parseSourceWith(root, rel, src, d)
	}
	sum := sha256.Sum256(src)
	p := d.cache.Parse(rel, sum, func() Parsed {
		Parses.Add(1)
		r := parseSourceWith(root, rel, src, d)
		return Parsed{File: r.file, Doc: r.doc, Reg: r.reg, Problems: r.problems}
	})
	if p.File.SHA256 == "" {
		// An entry written before the file's digest was kept: the digest
		// is known here anyway.
		p.File.SHA256 = fmt.Sprintf("%x", sum)
	}
	return result{file: p.File, doc: p.Doc, reg: p.Reg, problems: p.Problems}
}
