package cache

import "github.com/qmslint/qmslint/internal/finding"

// Rules returns the rules' metadata kept under key: a run that takes its
// findings from the cache needs the rules only for what the formats say
// of them, and compiling the policies for that was half of a warm
// comparison.
func (s *Store) Rules(key [32]byte) ([]finding.Rule, bool) {
	return readDecoded(s, key, decodeRules)
}

// PutRules keeps the rules' metadata under key; rules whose parameters
// hold a value the cache cannot represent are not kept.
func (s *Store) PutRules(key [32]byte, rs []finding.Rule) {
	if b, err := encodeRules(rs); err == nil {
		s.write(key, b)
	}
}

func encodeRules(rs []finding.Rule) ([]byte, error) {
	e := &encoder{}
	e.length(len(rs), rs == nil)
	for _, r := range rs {
		e.str(r.ID)
		e.str(r.Title)
		e.str(r.Description)
		e.str(r.Severity)
		e.strs(r.Clauses)
		e.str(r.Help)
		e.str(r.Package)
		e.str(r.File)
		e.int(r.Line)
		e.bool(r.Builtin)
		if err := e.object(r.Params); err != nil {
			return nil, err
		}
		e.str(r.Phase)
		e.bool(r.Locked)
		e.str(r.Fix)
	}
	return e.b, nil
}

func decodeRules(b []byte) ([]finding.Rule, error) {
	d := &decoder{b: b}
	n := d.length()
	var rs []finding.Rule
	if n >= 0 {
		rs = make([]finding.Rule, n)
	}
	for i := range rs {
		rs[i] = finding.Rule{ID: d.str(), Title: d.str(), Description: d.str(), Severity: d.str(), Clauses: d.strs(), Help: d.str(),
			Package: d.str(), File: d.str(), Line: d.int(), Builtin: d.bool(), Params: d.object(0), Phase: d.str(), Locked: d.bool(), Fix: d.str()}
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return rs, d.err
}
