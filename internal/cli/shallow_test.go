package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
)

// shallowQMS is a depth-1 clone of a QMS whose SOP-1 changed in three
// commits.
func shallowQMS(t *testing.T) *gittest.Repo {
	g := gitQMS(t)
	g.Commit("2027-02-01", "SOP-1 rev 2", map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "2", "Documents are approved before use.")})
	g.Commit("2027-03-01", "SOP-1 rev 3", map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "3", "Documents are approved before use.")})
	g.Shallow()
	return g
}

// In a shallow clone, commands that need history say which commit's
// parents are missing and that the clone is shallow, and do the rest.
func TestShallowClone(t *testing.T) {
	g := shallowQMS(t)
	root := filepath.Join(g.Dir, "qms")
	head, _ := g.Git.Head()
	short := head.Hash().String()[:8]

	o := run(t, "history", "SOP-1", root)
	if o.code != ExitUsage || !strings.Contains(o.stderr, short) || !strings.Contains(o.stderr, "git fetch --unshallow") || strings.Contains(o.stderr, "object not found\n") {
		t.Errorf("history: exit %d, stderr %q; want 2 naming commit %s and git fetch --unshallow", o.code, o.stderr, short)
	}

	g.Stage(map[string]string{"qms/SOP-1.md": strings.Replace(doc("SOP-1", "procedure", "3", "x"), "status: approved", "status: aproved", 1)})
	o = run(t, "lint", "--staged", "--format", "json", root)
	if o.code != ExitFindings || !strings.Contains(o.stdout, "SOP-1.md") || !strings.Contains(o.stderr, short) || !strings.Contains(o.stderr, "shallow") {
		t.Errorf("lint --staged: exit %d\n%s%s; want 1 with the staged finding and a note naming %s", o.code, o.stdout, o.stderr, short)
	}

	o = run(t, "lint", "--new-since", "HEAD~1", root)
	if o.code != ExitUsage || !strings.Contains(o.stderr, "git fetch --unshallow") {
		t.Errorf("--new-since HEAD~1: exit %d, stderr %q; want 2 and git fetch --unshallow", o.code, o.stderr)
	}
}

// A file over 10 MB staged for commit is skipped with the work tree's
// finding, fast (it is not read from the Git objects).
func TestLargeStagedFile(t *testing.T) {
	g := gitQMS(t)
	big := "items:\n" + strings.Repeat("  - {id: x, note: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}\n", 19<<20/52)
	g.Stage(map[string]string{"qms/big.yaml": big})
	root := filepath.Join(g.Dir, "qms")
	start := time.Now()
	o := run(t, "lint", "--staged", "--format", "json", "--fail-on", "never", root)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("lint --staged took %s with a 19 MB staged file", took)
	}
	if o.code != ExitOK || !strings.Contains(o.stdout, "over the 10 MB limit") || !strings.Contains(o.stdout, "big.yaml") {
		t.Errorf("exit %d, stdout %s; want big.yaml skipped, over the 10 MB limit", o.code, o.stdout)
	}
}
