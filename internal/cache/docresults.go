package cache

// DocResult is one result of a document-scoped rule (custom.scope:
// document) as the evaluator gave it, before positions and severities are
// resolved: resolution reads the whole repository (an id may be located
// in another file), so it is done again on every run.
type DocResult struct {
	Rule, Msg, Subject, File string
	Line                     int
	HasLine                  bool
	Column                   int
	Pointer, Severity        string
}

// DocFile is one file's results of the document-scoped rules, by the
// file's path and digest (the digest of what those rules read of it).
type DocFile struct {
	Path, Digest string
	Results      []DocResult
}

// DocResults returns the files an earlier run of the same context (key:
// build, packs, configuration, date, standards, the enabled
// document-scoped rules) judged. One entry per context rather than one
// per file: a cold run of 10,000 documents writes one file, not 10,000,
// and a warm run reads one.
func (s *Store) DocResults(key [32]byte) ([]DocFile, bool) {
	return readDecoded(s, key, decodeDocFiles)
}

// PutDocResults keeps the files' results under the context's key.
func (s *Store) PutDocResults(key [32]byte, fs []DocFile) {
	s.write(key, encodeDocFiles(fs))
}

func encodeDocFiles(fs []DocFile) []byte {
	e := &encoder{b: make([]byte, 0, 128*len(fs))}
	e.length(len(fs), false)
	for _, f := range fs {
		e.str(f.Path)
		e.str(f.Digest)
		e.length(len(f.Results), false)
		for _, r := range f.Results {
			e.str(r.Rule)
			e.str(r.Msg)
			e.str(r.Subject)
			e.str(r.File)
			e.int(r.Line)
			e.bool(r.HasLine)
			e.int(r.Column)
			e.str(r.Pointer)
			e.str(r.Severity)
		}
	}
	return e.b
}

func decodeDocFiles(b []byte) ([]DocFile, error) {
	// The strings share the entry's bytes, read afresh for this call and
	// never written: a group's entry holds every file of the repository.
	d := &decoder{b: b, share: true}
	n := d.length()
	fs := make([]DocFile, 0, max(n, 0))
	for range n {
		if d.err != nil {
			break
		}
		f := DocFile{Path: d.str(), Digest: d.str()}
		m := d.length()
		for range m {
			if d.err != nil {
				break
			}
			f.Results = append(f.Results, DocResult{Rule: d.str(), Msg: d.str(), Subject: d.str(), File: d.str(),
				Line: d.int(), HasLine: d.bool(), Column: d.int(), Pointer: d.str(), Severity: d.str()})
		}
		fs = append(fs, f)
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return fs, d.err
}
