package cli

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// qmslint lsp answers an editor on the injected stdin and stdout and ends
// with exit 0 when the editor says exit; nothing but protocol goes to
// stdout.
func TestLSPSession(t *testing.T) {
	t.Parallel()
	in := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`) +
		frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"textDocument/foldingRange","params":{"textDocument":{"uri":"file:///x.md"}}}`) +
		frame(`{"jsonrpc":"2.0","id":3,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	var stdout, stderr bytes.Buffer
	code := Run([]string{"lsp"}, IO{Stdin: strings.NewReader(in), Stdout: &stdout, Stderr: &stderr, Now: func() time.Time { return today }})
	if code != ExitOK || stderr.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		`"serverInfo":{"name":"qmslint"`,
		`"hoverProvider":true`,
		`"id":2,"error":{"code":-32601,"message":"method not supported: textDocument/foldingRange"}`,
		`"id":3,"result":null`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %s:\n%s", want, out)
		}
	}
	if !strings.HasPrefix(out, "Content-Length: ") {
		t.Errorf("stdout does not start with a frame: %.60q", out)
	}
}
