// Package lsp is qmslint's language server: the repository evaluated with
// the editor's unsaved buffers in place of the files, findings as
// diagnostics, hovers on clause and document ids, completion in front
// matter, go-to-definition and mechanical fixes (docs/editors.md).
//
// Protocol types and method dispatch come from glsp's protocol_3_16; the
// JSON-RPC connection is sourcegraph/jsonrpc2 (what glsp's own server
// uses) over any stream, so tests drive the server through in-memory pipes
// and the CLI through its injected stdin and stdout.
package lsp

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Debounce is how long the server waits after a change before it
// evaluates: long enough that typing a word costs one evaluation, short
// enough that the diagnostic follows the pause.
const Debounce = 300 * time.Millisecond

// Server holds the open documents and the last evaluation of each
// repository they belong to.
type Server struct {
	lint     Linter
	debounce time.Duration
	version  string

	mu      sync.Mutex
	folders []string             // workspace folders, absolute
	docs    map[string]*document // open documents by URI
	repos   map[string]*repoState
	notify  func(method string, params any)
	// out sends the diagnostics evaluations post, while Serve runs.
	out *outbox
	// readText reads a file's text for the diagnostics' ranges; tests
	// hold it up.
	readText func(path string) string
}

// repoState is one repository (a QMS root) the open documents belong to.
type repoState struct {
	root  string
	run   *Run
	ready chan struct{} // closed once run is set the first time
	timer *time.Timer
	gen   int // bumped on every change; an evaluation of an older one is not published
	// busy serialises evaluations of this root: two at once would only
	// compete for the same cores. An evaluation releases it before it
	// makes the diagnostics of files other than the open buffers; making
	// is closed once it has queued them, and the next evaluation waits
	// for that before it compares with what they show (shown).
	busy   sync.Mutex
	making chan struct{}
	// shown are the URIs last given diagnostics, and what those were made
	// from: a fixed file gets an empty list rather than keeping stale
	// ones, and an unchanged one is not sent again.
	shown map[string]shownFile
	// uris are its files' URIs by path (uri); s.mu guards them.
	uris map[string]string
}

// New returns a server that evaluates with lint; version is reported to
// the client.
func New(lint Linter, version string) *Server {
	return &Server{lint: lint, debounce: Debounce, version: version, docs: map[string]*document{}, repos: map[string]*repoState{}, out: newOutbox(), readText: readText}
}

// Serve answers one client on stream until it exits or closes the stream.
func (s *Server) Serve(ctx context.Context, stream io.ReadWriteCloser) error {
	h := s.handler()
	// The connection reads from the start, and an opened document is
	// evaluated at once: notify must be set before any evaluation can
	// read it (under s.mu, as evaluate does).
	s.mu.Lock()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(stream, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			return dispatch(ctx, h, conn, req)
		}))
	s.notify = func(method string, params any) { _ = conn.Notify(context.Background(), method, params) }
	s.mu.Unlock()
	go s.out.run(conn.DisconnectNotify(), s.publish)
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	s.stop()
	return nil
}

// dispatch hands a request to glsp's protocol handler, which decodes the
// parameters and calls the method's function, and turns its answer into a
// JSON-RPC reply (as glsp's server package does, which only serves the
// process's own stdin and stdout).
func dispatch(ctx context.Context, h *protocol.Handler, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	gctx := &glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) { _ = conn.Notify(ctx, method, params) },
		Call:   func(method string, params, result any) { _ = conn.Call(ctx, method, params, result) },
	}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	if req.Method == string(protocol.MethodExit) {
		h.Handle(gctx)
		return nil, conn.Close()
	}
	r, validMethod, validParams, err := h.Handle(gctx)
	switch {
	case !validMethod:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid parameters"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return r, nil
}

// publish sends one file's diagnostics (the outbox's sender).
func (s *Server) publish(p protocol.PublishDiagnosticsParams) {
	s.mu.Lock()
	notify := s.notify
	s.mu.Unlock()
	notify(string(protocol.ServerTextDocumentPublishDiagnostics), p)
}

// stop cancels pending evaluations when the client is gone.
func (s *Server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.repos {
		if r.timer != nil {
			r.timer.Stop()
		}
	}
	s.notify = func(string, any) {}
}

func (s *Server) handler() *protocol.Handler {
	return &protocol.Handler{
		Initialize:                     s.initialize,
		Initialized:                    func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:                       func(*glsp.Context) error { s.stop(); return nil },
		Exit:                           func(*glsp.Context) error { return nil },
		SetTrace:                       func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		TextDocumentDidOpen:            s.didOpen,
		TextDocumentDidChange:          s.didChange,
		TextDocumentDidSave:            s.didSave,
		TextDocumentDidClose:           s.didClose,
		TextDocumentHover:              s.hover,
		TextDocumentCompletion:         s.completion,
		TextDocumentDefinition:         s.definition,
		TextDocumentCodeAction:         s.codeAction,
		WorkspaceDidChangeWatchedFiles: func(*glsp.Context, *protocol.DidChangeWatchedFilesParams) error { return nil },
	}
}

func (s *Server) initialize(_ *glsp.Context, p *protocol.InitializeParams) (any, error) {
	s.mu.Lock()
	for _, f := range p.WorkspaceFolders {
		if path := uriPath(f.URI); path != "" {
			s.folders = append(s.folders, path)
		}
	}
	if len(s.folders) == 0 && p.RootURI != nil {
		if path := uriPath(*p.RootURI); path != "" {
			s.folders = append(s.folders, path)
		}
	}
	s.mu.Unlock()
	full := protocol.TextDocumentSyncKindFull
	yes := true
	return protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: &yes,
				Change:    &full,
				Save:      protocol.SaveOptions{IncludeText: &yes},
			},
			HoverProvider:      true,
			DefinitionProvider: true,
			CompletionProvider: &protocol.CompletionOptions{TriggerCharacters: []string{":", "[", ",", " ", "-"}},
			CodeActionProvider: protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}},
		},
		ServerInfo: &protocol.InitializeResultServerInfo{Name: "qmslint", Version: &s.version},
	}, nil
}
