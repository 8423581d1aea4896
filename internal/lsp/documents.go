package lsp

import (
	"path/filepath"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/qmslint/qmslint/internal/config"
)

// document is one open buffer.
type document struct {
	uri  string
	root string // the QMS root it belongs to, resolved
	rel  string // its path relative to root, slash-separated
	text string
}

func (s *Server) didOpen(_ *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	s.open(p.TextDocument.URI, p.TextDocument.Text)
	return nil
}

func (s *Server) didChange(_ *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d != nil {
		// The server asks for full sync; a client sending ranges anyway
		// would corrupt the copy, so only whole texts are taken.
		for _, c := range p.ContentChanges {
			if whole, ok := c.(protocol.TextDocumentContentChangeEventWhole); ok {
				d.text = whole.Text
			}
		}
	}
	s.mu.Unlock()
	if d != nil {
		s.schedule(d.root, s.debounce)
	}
	return nil
}

func (s *Server) didSave(_ *glsp.Context, p *protocol.DidSaveTextDocumentParams) error {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d != nil && p.Text != nil {
		d.text = *p.Text
	}
	s.mu.Unlock()
	if d != nil {
		s.schedule(d.root, 0)
	}
	return nil
}

func (s *Server) didClose(_ *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	delete(s.docs, p.TextDocument.URI)
	s.mu.Unlock()
	// The file on disk now stands for the closed buffer: evaluate again,
	// so diagnostics of unsaved text that was thrown away disappear.
	if d != nil {
		s.schedule(d.root, s.debounce)
	}
	return nil
}

// open records a buffer and evaluates its repository at once: the author
// opened it to see what is wrong.
func (s *Server) open(uri, text string) {
	path := uriPath(uri)
	if path == "" {
		return
	}
	root, rel := s.place(path)
	s.mu.Lock()
	s.docs[uri] = &document{uri: uri, root: root, rel: rel, text: text}
	s.repo(root)
	s.mu.Unlock()
	s.schedule(root, 0)
}

// place is the QMS root of the file at path and its path there: the
// nearest folder holding .qmslint.yaml, up to the Git top; else the Git
// top; else the workspace folder holding it; else its own folder. Both
// are resolved, as the loader resolves the root, so that paths compare.
func (s *Server) place(path string) (root, rel string) {
	dir := filepath.Dir(path)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	file := filepath.Join(dir, filepath.Base(path))
	root = dir
	if cfg, err := config.Find(dir); err == nil && cfg != "" {
		root = filepath.Dir(cfg)
	} else if top := config.GitTop(dir); top != "" {
		root = top
	} else {
		s.mu.Lock()
		for _, f := range s.folders {
			if real, err := filepath.EvalSymlinks(f); err == nil && within(real, dir) {
				root = real
				break
			}
		}
		s.mu.Unlock()
	}
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return dir, filepath.Base(path)
	}
	return root, filepath.ToSlash(rel)
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// repo returns the state of root, creating it; s.mu is held.
func (s *Server) repo(root string) *repoState {
	r := s.repos[root]
	if r == nil {
		r = &repoState{root: root, ready: make(chan struct{})}
		s.repos[root] = r
	}
	return r
}

// overlay is the text of every open buffer of root; s.mu is held.
func (s *Server) overlay(root string) map[string][]byte {
	out := map[string][]byte{}
	for _, d := range s.docs {
		if d.root == root {
			out[d.rel] = []byte(d.text)
		}
	}
	return out
}

// doc returns a copy of the open document at uri.
func (s *Server) doc(uri string) (document, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[uri]
	if !ok {
		return document{}, false
	}
	return *d, true
}
