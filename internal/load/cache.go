package load

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/qmslint/qmslint/internal/model"
)

// Cache keeps files parsed by earlier loads, so that a run parses only the
// files that changed since (internal/cache keeps them across runs, and
// shares them between the two sides of a comparison).
type Cache interface {
	// Parse returns what parse returns for the file rel whose content has
	// the SHA-256 digest sum: from an earlier load when the cache holds
	// it, else by calling parse. What the loader modifies is each call's
	// own (Own); the rest may be shared with other loads of the process
	// (a comparison's other side), and no stage modifies it.
	Parse(rel string, sum [32]byte, parse func() Parsed) Parsed
	// ParseBlob is Parse for a file read from a Git object, known by its
	// blob hash before it is read: an unchanged file is neither read nor
	// hashed. Blob hashes and content digests never share an entry.
	ParseBlob(rel string, blob [20]byte, parse func() Parsed) Parsed
}

// Parsed is one file as the loader read it, before link targets are
// looked up (Load does that for every file, parsed now or earlier).
type Parsed struct {
	File     model.File
	Doc      *model.Document
	Reg      *model.Register
	Problems []model.Problem
	// Transient marks a result that says nothing lasting about the file
	// (its blob could not be read): a cache does not keep it.
	Transient bool
}

// Own returns p with its own copy of what the loader modifies after a
// parse (a document's links, whose targets it looks up, and the document
// itself, whose positions it replaces with an equal map other documents
// share; a backup-evidence register's data, which it fills in with the
// snapshots it reads),
// sharing the rest: a cache hands the values it decoded for one load to
// the other loads of the process as Own(p), so that a comparison's two
// sides decode each file they share once. Slices are clipped, so that
// appending to one never writes into another's.
func Own(p Parsed) Parsed {
	p.File.Clauses = slices.Clip(p.File.Clauses)
	p.File.Claims = slices.Clip(p.File.Claims)
	p.Problems = slices.Clip(p.Problems)
	if p.Doc != nil {
		d := *p.Doc
		d.Links = slices.Clone(d.Links)
		d.Headings = slices.Clip(d.Headings)
		d.Body = slices.Clip(d.Body)
		p.Doc = &d
	}
	if p.Reg != nil && model.Kind(p.Reg.Data) == EvidenceKind {
		r := *p.Reg
		r.Data, _ = deepCopy(r.Data).(map[string]any)
		p.Reg = &r
	}
	return p
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		if t == nil {
			return t
		}
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = deepCopy(x)
		}
		return m
	case []any:
		if t == nil {
			return t
		}
		l := make([]any, len(t))
		for i, x := range t {
			l[i] = deepCopy(x)
		}
		return l
	}
	return v
}

// Parses counts the files parsed in this process, for tests that hold a
// comparison to one parse per distinct file and a warm run to none.
var Parses atomic.Int64

// Unread counts the files a load took by their status from a Remembered
// cache, neither read nor hashed: tests hold an unchanged file to it.
var Unread atomic.Int64

// ReadRegular reads the regular file at path as the loader does: a link
// is not followed, a named pipe or device is refused rather than waited
// on, and a file over limit is not read (nil, no error). For what reads
// a repository's files besides the loader (the language server's text
// of a file for a diagnostic's range).
func ReadRegular(path string, limit int64) ([]byte, error) {
	src, _, err := readFile(path, limit)
	return src, err
}

// parseCached parses src, or takes it from the reader's cache.
func parseCached(root, rel string, src []byte, d reader) result {
	p := parsedOf(root, rel, src, d)
	return result{file: p.File, doc: p.Doc, reg: p.Reg, problems: p.Problems}
}

// parseSummed is parseCached of src whose digest is known.
func parseSummed(root, rel string, src []byte, sum [32]byte, d reader) result {
	p := parsedWith(root, rel, src, sum, d)
	return result{file: p.File, doc: p.Doc, reg: p.Reg, problems: p.Problems}
}

func parsedOf(root, rel string, src []byte, d reader) Parsed {
	if d.cache == nil {
		return parseNow(root, rel, src, d)
	}
	return parsedWith(root, rel, src, sha256.Sum256(src), d)
}

// parseNow parses src, counted in Parses.
func parseNow(root, rel string, src []byte, d reader) Parsed {
	Parses.Add(1)
	r := parseSourceWith(root, rel, src, d)
	return Parsed{File: r.file, Doc: r.doc, Reg: r.reg, Problems: r.problems}
}

// parsedWith takes src, whose digest is sum, from the reader's cache or
// parses it there.
func parsedWith(root, rel string, src []byte, sum [32]byte, d reader) Parsed {
	parse := func() Parsed { return parseNow(root, rel, src, d) }
	p := d.cache.Parse(rel, sum, parse)
	if p.File.SHA256 == "" {
		// An entry written before the file's digest was kept: the digest
		// is known here anyway.
		p.File.SHA256 = fmt.Sprintf("%x", sum)
	}
	return p
}

// Blob is a file read from a Git object rather than from disk (a commit's
// tree or the index, linted without writing it out).
type Blob struct {
	// ID is the blob's hash.
	ID [20]byte
	// Read returns the content, or only the size when it is over limit.
	Read func(limit int64) (src []byte, size int64, err error)
}

// parseBlob parses a file read from a Git object, or takes it from the
// cache by its blob hash without reading it.
func parseBlob(root, rel string, b Blob, d reader) result {
	read := func() Parsed {
		src, size, err := b.Read(MaxFileSize)
		fail := func(rule, msg string) Parsed {
			return Parsed{File: model.File{Path: rel, Format: formatOf(rel), Failed: true}, Problems: []model.Problem{{Rule: rule, File: rel, Subject: rel, Msg: msg}}}
		}
		if err != nil {
			p := fail(model.RuleParseSkipped, "cannot read: "+err.Error())
			p.Transient = true
			return p
		}
		if src == nil && size > MaxFileSize {
			return fail(model.RuleParseSkipped, tooLarge(size))
		}
		// A blob the cache does not know by hash may still be known by
		// content: the work tree's side of lint --new-since parsed it.
		return parsedOf(root, rel, src, d)
	}
	var p Parsed
	if d.cache == nil {
		p = read()
	} else {
		p = d.cache.ParseBlob(rel, b.ID, read)
	}
	return result{file: p.File, doc: p.Doc, reg: p.Reg, problems: p.Problems}
}

// IsQMSFile reports whether the loader reads the file rel (a Markdown or
// YAML file), wherever it is.
func IsQMSFile(rel string) bool { return isQMSFile(rel) }
