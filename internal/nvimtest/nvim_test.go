// Package nvimtest runs qmslint's language server in a real editor:
// headless Neovim drives `qmslint lsp` through its built-in LSP client
// (testdata/session.lua) on a copy of qms/ with a seeded defect.
package nvimtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// steps are what the session must report, in order.
var steps = []string{"attach", "diagnostic", "hover", "completion", "definition", "code action"}

// nvim finds Neovim, or skips: only .ci/nvim-test.sh sets
// QMSLINT_NVIM_TEST=require, where a missing editor is a failure.
func nvim(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("QMSLINT_NVIM_TEST") == "require" {
			t.Fatal("QMSLINT_NVIM_TEST=require but no nvim on PATH (apt-get install neovim)")
		}
		t.Skip("no nvim on PATH: the Neovim test is skipped; apt-get install neovim to run it, as .ci/run does")
	}
	return p
}

func TestNeovimSession(t *testing.T) {
	editor := nvim(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "qmslint")
	build := exec.Command("go", "build", "-o", bin, "github.com/qmslint/qmslint/cmd/qmslint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root := copyTree(t, filepath.Join("..", "..", "qms"), filepath.Join(dir, "qms"))
	results := filepath.Join(dir, "results.txt")
	script, err := filepath.Abs(filepath.Join("testdata", "session.lua"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, editor, "--headless", "--clean", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "QMSLINT_BIN="+bin, "QMSLINT_ROOT="+root, "QMSLINT_RESULTS="+results,
		// Neovim keeps its LSP log and state here, not in the user's home.
		"XDG_STATE_HOME="+dir, "XDG_CACHE_HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	out, err := cmd.CombinedOutput()
	raw, rerr := os.ReadFile(results)
	if err != nil || rerr != nil {
		t.Fatalf("nvim: %v; results: %v\n%s\n%s", err, rerr, out, raw)
	}
	t.Logf("session:\n%s", raw)
	got := map[string]string{}
	done := false
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		switch {
		case l == "done":
			done = true
		case strings.HasPrefix(l, "ok "):
			got[l[3:]] = "ok"
		case strings.HasPrefix(l, "FAIL "):
			name, why, _ := strings.Cut(l[5:], ": ")
			got[name] = why
		}
	}
	for _, s := range steps {
		if got[s] != "ok" {
			t.Errorf("%s: %s", s, or(got[s], "not run"))
		}
	}
	if !done {
		t.Errorf("the session did not finish:\n%s\n%s", raw, out)
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func copyTree(t *testing.T, src, dst string) string {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	real, err := filepath.EvalSymlinks(dst)
	if err != nil {
		t.Fatal(err)
	}
	return real
}
