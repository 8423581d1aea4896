package lsp

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// published is a publishDiagnostics notification as the client reads it.
// glsp's IntegerOrString cannot be decoded (its UnmarshalJSON has a value
// receiver), so the test decodes diagnostics itself.
type published struct {
	URI         string `json:"uri"`
	Diagnostics []diag `json:"diagnostics"`
}

type diag struct {
	Range           protocol.Range `json:"range"`
	Severity        int            `json:"severity"`
	Code            string         `json:"code"`
	CodeDescription *struct {
		HRef string `json:"href"`
	} `json:"codeDescription"`
	Message string `json:"message"`
}

// client drives a server over an in-memory pipe as an editor would.
type client struct {
	t     *testing.T
	conn  *jsonrpc2.Conn
	diags chan published
	msgs  chan protocol.ShowMessageParams
}

func start(t *testing.T, lint Linter, root string, options ...func(*Server)) *client {
	t.Helper()
	srv, cli := net.Pipe()
	s := New(lint, "test")
	s.debounce = 20 * time.Millisecond
	for _, o := range options {
		o(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = s.Serve(ctx, srv); close(done) }()
	c := &client{t: t, diags: make(chan published, 100), msgs: make(chan protocol.ShowMessageParams, 10)}
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(cli, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			switch req.Method {
			case "textDocument/publishDiagnostics":
				var p published
				if err := json.Unmarshal(*req.Params, &p); err != nil {
					t.Errorf("publishDiagnostics: %v", err)
				}
				c.diags <- p
			case "window/showMessage":
				var p protocol.ShowMessageParams
				_ = json.Unmarshal(*req.Params, &p)
				c.msgs <- p
			}
			return nil, nil
		}))
	t.Cleanup(func() {
		c.conn.Close()
		cancel()
		<-done
	})
	rootURI := pathURI(root)
	var res protocol.InitializeResult
	c.call("initialize", map[string]any{"processId": nil, "rootUri": rootURI, "capabilities": map[string]any{}}, &res)
	if res.ServerInfo == nil || res.ServerInfo.Name != "qmslint" {
		t.Fatalf("initialize: server info %+v", res.ServerInfo)
	}
	c.notify("initialized", map[string]any{})
	return c
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) open(uri, text string) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
}

func (c *client) change(uri string, version int, text string) {
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"text": text}},
	})
}

// diagnostics waits for the diagnostics of uri that satisfy ok.
func (c *client) diagnostics(uri string, ok func([]diag) bool) []diag {
	c.t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case p := <-c.diags:
			if p.URI == uri && ok(p.Diagnostics) {
				return p.Diagnostics
			}
		case m := <-c.msgs:
			c.t.Fatalf("server: %s", m.Message)
		case <-timeout:
			c.t.Fatalf("no matching diagnostics for %s", uri)
		}
	}
}

func position(uri string, line, char int) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": line, "character": char}}
}

// copyQMS copies the reference QMS (qms/) to a temporary directory, so
// tests never touch it.
func copyQMS(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "qms")
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	real, err := filepath.EvalSymlinks(dst)
	if err != nil {
		t.Fatal(err)
	}
	return real
}

// at is the 0-based line and UTF-16 column of the first occurrence of
// needle in text, plus offset characters.
func at(t *testing.T, text, needle string, offset int) (int, int) {
	t.Helper()
	for n, l := range strings.Split(text, "\n") {
		if i := strings.Index(l, needle); i >= 0 {
			return n, toUTF16(l, i) + offset
		}
	}
	t.Fatalf("%q not in the text", needle)
	return 0, 0
}
