package lsp

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/model"
)

// item is a document or register of the last evaluation, by id.
type item struct {
	id, file, title, kind, status, revision string
	line                                    int
}

func items(repo *model.Repository) map[string]item {
	out := map[string]item{}
	if repo == nil {
		return out
	}
	add := func(meta map[string]any, file string, line int) {
		id := model.ID(meta)
		if _, dup := out[id]; id == "" || dup {
			return
		}
		it := item{id: id, file: file, line: line, kind: model.Kind(meta)}
		it.title, _ = meta["title"].(string)
		it.status, _ = meta["status"].(string)
		if v, ok := meta["revision"]; ok && v != nil {
			it.revision = fmt.Sprint(v)
		}
		out[id] = it
	}
	for _, d := range repo.Documents {
		add(d.Meta, d.File, d.Line)
	}
	for _, r := range repo.Registers {
		add(r.Data, r.File, 1)
	}
	return out
}

// tokenAt is the word under the cursor: the characters ids are made of
// (SOP-010, ISO27001:A.8.13, CAPA-2026-001), without a trailing sentence
// full stop or colon; start and end are byte offsets in line.
func tokenAt(line string, at int) (tok string, start, end int) {
	isID := func(c byte) bool {
		return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-_.:", c) >= 0
	}
	start, end = at, at
	for start > 0 && isID(line[start-1]) {
		start--
	}
	for end < len(line) && isID(line[end]) {
		end++
	}
	for end > start && strings.IndexByte(".:-", line[end-1]) >= 0 {
		end--
	}
	return line[start:end], start, end
}

var clauseRe = regexp.MustCompile(`^([A-Z][A-Z0-9]*):([A-Z]?\.?[0-9][0-9.]*)$`)

// clause is the catalog's clause a clause id names, among the catalogs
// of the repository's configuration.
func (s *Server) clause(root, id string) (*catalog.Catalog, *catalog.Clause, bool) {
	m := clauseRe.FindStringSubmatch(id)
	if m == nil {
		return nil, nil, false
	}
	c, ok := s.run(root).Catalogs.ByStandard(m[1])
	if !ok {
		return nil, nil, false
	}
	cl, ok := c.Clauses[m[2]]
	return c, cl, ok
}

// cursor is the open document at a position, with its line and the byte
// offset of the cursor in it.
func (s *Server) cursor(p protocol.TextDocumentPositionParams) (d document, line string, at int, ok bool) {
	d, ok = s.doc(p.TextDocument.URI)
	if !ok {
		return d, "", 0, false
	}
	line = lineAt(d.text, int(p.Position.Line))
	return d, line, toByte(line, int(p.Position.Character)), true
}

// run is the last evaluation of root, waiting for the first one (a hover
// right after opening the file) for as long as an evaluation may take.
func (s *Server) run(root string) *Run {
	s.mu.Lock()
	r := s.repo(root)
	s.mu.Unlock()
	select {
	case <-r.ready:
	case <-time.After(time.Minute):
		return &Run{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return r.run
}
