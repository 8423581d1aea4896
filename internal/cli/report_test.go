package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

const fireBefore = "../../examples/datacenter-fire/before"

func TestReportFormats(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		format string
		want   []string
	}{
		{"html", []string{"<!DOCTYPE html>", `<section id="infrastructure">`, "infra.backup-shares-building:bk-1/p-1"}},
		{"markdown", []string{"# Internal audit report: Vireo Health GmbH", "## Infrastructure", "**SAME BUILDING**"}},
		{"json", []string{`"version": 1`, `"rule": "infra.dr-scenario-missing"`}},
	} {
		t.Run(tt.format, func(t *testing.T) {
			t.Parallel()
			o := run(t, "report", "--format", tt.format, "--date", "2026-03-09", fireBefore)
			if o.code != ExitOK {
				t.Fatalf("exit %d, want 0 (findings do not fail a report)\n%s", o.code, o.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(o.stdout, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			out := filepath.Join(t.TempDir(), "report."+tt.format)
			o2 := run(t, "report", "--format", tt.format, "--date", "2026-03-09", "--out", out, fireBefore)
			b, err := os.ReadFile(out)
			if o2.code != ExitOK || err != nil || string(b) != o.stdout || o2.stdout != "" {
				t.Errorf("--out: exit %d, %v; the file must hold exactly what stdout would", o2.code, err)
			}
		})
	}
}

func TestReportUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"report", "--format", "docx", fireBefore},
		{"report", "--date", "yesterday", fireBefore},
		{"report", "--since", "HEAD", t.TempDir()},
	} {
		if o := run(t, args...); o.code != ExitUsage || o.stderr == "" {
			t.Errorf("qmslint %s: exit %d, want %d with a message\n%s", strings.Join(args, " "), o.code, ExitUsage, o.stderr)
		}
	}
}

// Without a browser, --format pdf says how to get one, before linting.
func TestReportPDFWithoutBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	o := run(t, "report", "--format", "pdf", fireBefore)
	if o.code != ExitUsage || !strings.Contains(o.stderr, "apt-get install chromium") {
		t.Errorf("exit %d, want %d and how to install chromium:\n%s", o.code, ExitUsage, o.stderr)
	}
}

// --since lints the repository at a commit and reports what changed: here
// the backup is moved out of production's building after the commit.
func TestReportSince(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyTree(t, fireBefore, dir)
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := repo.Worktree()
	if err := wt.AddGlob("."); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "QA", Email: "qa@example.com", When: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	hash, err := wt.Commit("before the fire", &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		t.Fatal(err)
	}
	inv := filepath.Join(dir, "registers", "inventory.yaml")
	b, _ := os.ReadFile(inv)
	moved := strings.Replace(string(b), "  - id: bk-1\n    role: backup\n    site: nh-sxb1", "  - id: bk-1\n    role: backup\n    site: vl-prga", 1)
	if moved == string(b) {
		t.Fatal("fixture changed: bk-1 is no longer at nh-sxb1")
	}
	if err := os.WriteFile(inv, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	// The backup moves in the inventory only: the Terraform state beside
	// it, still placing bk-1 in sxb-1, would rightly report the drift
	// (infra.drift-backup-moved), which is not this test's subject.
	cfg := filepath.Join(dir, ".qmslint.yaml")
	c, _ := os.ReadFile(cfg)
	i := strings.Index(string(c), "\nterraform:")
	if i < 0 {
		t.Fatal("fixture changed: .qmslint.yaml names no Terraform state")
	}
	if err := os.WriteFile(cfg, c[:i+1], 0o644); err != nil {
		t.Fatal(err)
	}
	o := run(t, "report", "--format", "json", "--date", "2026-03-09", "--since", "HEAD", dir)
	if o.code != ExitOK {
		t.Fatalf("exit %d\n%s", o.code, o.stderr)
	}
	type item struct{ ID string }
	var rep struct {
		Cover   struct{ Commit string }
		Summary struct {
			Trend struct {
				Commit    string
				New       []item `json:"new"`
				Resolved  []item `json:"resolved"`
				StillOpen []item `json:"still_open"`
			}
		}
	}
	if err := json.Unmarshal([]byte(o.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	tr := rep.Summary.Trend
	if rep.Cover.Commit != hash.String()+"+changes" || tr.Commit != hash.String() {
		t.Errorf("cover commit %q, trend commit %q; want %s+changes and %s", rep.Cover.Commit, tr.Commit, hash, hash)
	}
	ids := func(items []item) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	resolved := ids(tr.Resolved)
	for _, id := range []string{"infra.backup-shares-building:bk-1/p-1", "infra.backup-shares-campus:bk-1/p-2"} {
		if !slices.Contains(resolved, id) {
			t.Errorf("resolved %q lacks %s", resolved, id)
		}
	}
	if len(tr.New) != 0 || !slices.Contains(ids(tr.StillOpen), "infra.monitoring-unverified:mon-1") {
		t.Errorf("new %q, still open %q; want none new, mon-1 still unverified", ids(tr.New), ids(tr.StillOpen))
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
