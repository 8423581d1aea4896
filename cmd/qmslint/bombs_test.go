package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBombsStopWithinBudget runs qmslint as a child process on a pack of
// one hostile rule each and holds it to the promises of SECURITY.md: exit
// 2 with one line naming the rule's file, within --timeout + 2 s, and a
// peak RSS under the memory budget + 256 MB.
func TestBombsStopWithinBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("runs qmslint several times")
	}
	const (
		timeout = 4 * time.Second
		budget  = 512 << 20
		slack   = 256 << 20
	)
	for _, tt := range []struct{ name, want string }{
		{"concat", "concat.rego:14: concat would build"},
		{"grow", "grow.rego"},
		{"range", "range.rego:12: numbers.range would build"},
		{"width", "width.rego:13: sprintf would build"},
		{"paths", "paths.rego:15: graph.reachable_paths would build"},
		{"spin", "did not finish within 4s"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			repo := t.TempDir()
			pack := filepath.Join(repo, "pack", "bomb")
			if err := os.MkdirAll(pack, 0o755); err != nil {
				t.Fatal(err)
			}
			rule, err := os.ReadFile(filepath.Join("testdata", "bombs", tt.name+".rego"))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(pack, tt.name+".rego"), rule, 0o644)
			os.WriteFile(filepath.Join(repo, ".qmslint.yaml"), []byte("policies: [pack]\n"), 0o644)

			cmd := exec.Command(os.Args[0], "lint", "--timeout", timeout.String(), "--max-memory", "512MiB", repo)
			cmd.Env = append(os.Environ(), "QMSLINT_TEST_AS_MAIN=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			start := time.Now()
			err = cmd.Run()
			took := time.Since(start)
			code := cmd.ProcessState.ExitCode()
			line := strings.TrimSuffix(stderr.String(), "\n")
			if code != 2 || strings.Contains(line, "\n") || !strings.Contains(line, tt.want) {
				t.Errorf("exit %d (%v), stderr %q; want 2 and one line with %q", code, err, stderr.String(), tt.want)
			}
			if took > timeout+2*time.Second {
				t.Errorf("took %s; want at most --timeout %s + 2s", took.Round(time.Millisecond), timeout)
			}
			rss := int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10 // KiB on Linux
			if !raceEnabled && rss > budget+slack {
				t.Errorf("peak RSS %d MiB; want at most the budget %d MiB + %d MiB", rss>>20, budget>>20, slack>>20)
			}
			t.Logf("%s: %s, peak RSS %d MiB: %s", tt.name, took.Round(time.Millisecond), rss>>20, line)
		})
	}
}
