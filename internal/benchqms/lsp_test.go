package main

import (
	"bufio"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/qmslint/qmslint/internal/lsp"
)

// A session opens the document, then saves an edit of it, and is timed
// from the save to the edited text's diagnostics.
func TestSessionTimesTheSave(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	s := lsp.New(func(_ context.Context, _ string, overlay map[string][]byte) (*lsp.Run, error) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, string(overlay["a.md"]))
		return &lsp.Run{}, nil
	}, "test")
	srv, cli := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, srv) }()
	got, err := session(cli, bufio.NewReader(cli), dir, "a.md")
	if err != nil {
		t.Fatal(err)
	}
	if got.wall <= 0 {
		t.Errorf("wall %v", got.wall)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0] != "# A\n" || !strings.HasPrefix(seen[1], "# A\n") || seen[1] == seen[0] {
		t.Errorf("evaluated %q, want the text, then the edit", seen)
	}
	cli.Close()
	<-done
}
