package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLintFromASubfolder: lint run in a folder of the QMS lints
// the whole QMS (the folder of .qmslint.yaml) and reports the same
// findings as at its root; the text format names each file from where
// lint was run, so file:line opens there.
func TestLintFromASubfolder(t *testing.T) {
	root := gitRoot(t, filepath.Join("..", "..", "qms"))
	// Years later every review is overdue: findings in many folders.
	args := []string{"lint", "--format", "json", "--date", "2031-06-01"}
	want := run(t, append(args, root)...)
	var rep struct{ Findings []struct{ File string } }
	if err := json.Unmarshal([]byte(want.stdout), &rep); err != nil || len(rep.Findings) < 5 {
		t.Fatalf("lint of the root: %d findings, %v: %s", len(rep.Findings), err, want.stderr)
	}
	sub := filepath.Join(root, "procedures")
	// A folder named on the command line is linted alone, as before.
	if got := run(t, append(args, sub)...); got.stdout == want.stdout {
		t.Errorf("lint %s: the whole QMS was linted, want the folder alone", sub)
	}
	t.Chdir(sub)
	if got := run(t, args...); got.stdout != want.stdout || got.code != want.code {
		t.Errorf("lint in %s: exit %d, output differs from the root's:\n%s", sub, got.code, got.stdout)
	}
	text := run(t, "lint", "--date", "2031-06-01")
	for _, f := range rep.Findings {
		if f.File == "" {
			continue
		}
		rel, _ := filepath.Rel(sub, filepath.Join(root, f.File))
		if !strings.Contains(text.stdout, filepath.ToSlash(rel)+":") {
			t.Errorf("text output from %s does not name %s as %s", sub, f.File, rel)
		}
	}
}

// TestLintOfAnEmptyFolder: no Markdown or YAML at all is not a QMS with
// zero findings: one line says so and how to start, exit 2.
func TestLintOfAnEmptyFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a QMS\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := run(t, "lint", dir)
	if o.code != ExitUsage || o.stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 2 and nothing", o.code, o.stdout)
	}
	if strings.Count(o.stderr, "\n") != 1 || !strings.Contains(o.stderr, "no QMS document") || !strings.Contains(o.stderr, "qmslint init") {
		t.Errorf("stderr %q: want one line saying there is no QMS document and how to start", o.stderr)
	}
}
