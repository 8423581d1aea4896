package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// listFiles lists every file below dir, for "nothing was written there".
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// TestCAPANewTraversalID: a CAPA record whose id climbs out of the
// repository must not lead the next draft there.
func TestCAPANewTraversalID(t *testing.T) {
	root := capaFixture(t, "lifecycle")
	// capaFixture's root is its own temp dir; the escape target is its parent.
	escaped := filepath.Join(filepath.Dir(root), "escaped")
	hostile := `---
id: ../../escaped/CAPA-2027-005
kind: capa
title: Hostile
status: open
opened: 2027-01-01
---
# x
`
	if err := os.MkdirAll(filepath.Join(root, "capa"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "capa", "hostile.md"), []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	o := run(t, "capa", "new", root, "--date", "2027-03-01", "--finding", "doc.review-overdue:SOP-010")
	if o.code != ExitOK || !strings.Contains(o.stdout, "CAPA-2027-001") || !strings.Contains(o.stderr, `ignoring capa/hostile.md`) {
		t.Fatalf("exit %d\n%s%s; want a draft CAPA-2027-001 inside and a note about the ignored id", o.code, o.stdout, o.stderr)
	}
	if _, err := os.Stat(escaped); err == nil {
		t.Fatalf("capa new created %s outside the repository", escaped)
	}
}

// TestCAPANewLinkedFolder: the CAPA folder is a link to outside; the draft
// is refused instead of written there.
func TestCAPANewLinkedFolder(t *testing.T) {
	root := capaFixture(t, "lifecycle")
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, "capa")); err != nil {
		t.Fatal(err)
	}
	o := run(t, "capa", "new", root, "--date", "2027-03-01", "--finding", "doc.review-overdue:SOP-010")
	if o.code != ExitUsage || !strings.Contains(o.stderr, "outside the repository") || strings.Count(o.stderr, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q; want 2 and one line: outside the repository", o.code, o.stderr)
	}
	if got := listFiles(t, outside); len(got) != 0 {
		t.Fatalf("files written outside: %v", got)
	}
}

// TestPolicyNewLinks: policy new never writes through a link without
// --force, and never outside --dir even with it.
func TestPolicyNewLinks(t *testing.T) {
	setup := func(t *testing.T) (dir, outside string) {
		dir = filepath.Join(t.TempDir(), "rules")
		outside = t.TempDir()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir, outside
	}
	t.Run("dangling link to outside", func(t *testing.T) {
		dir, outside := setup(t)
		os.MkdirAll(filepath.Join(dir, "acme"), 0o755)
		if err := os.Symlink(filepath.Join(outside, "stolen.rego"), filepath.Join(dir, "acme", "sop_deputy.rego")); err != nil {
			t.Fatal(err)
		}
		for _, force := range []bool{false, true} {
			args := []string{"policy", "new", "acme.sop-deputy", "--dir", dir}
			if force {
				args = append(args, "--force")
			}
			o := run(t, args...)
			if o.code != ExitUsage || !strings.Contains(o.stderr, "outside") {
				t.Errorf("force=%v: exit %d, stderr %q; want 2, outside", force, o.code, o.stderr)
			}
			if got := listFiles(t, outside); len(got) != 0 {
				t.Fatalf("force=%v: wrote outside: %v", force, got)
			}
		}
	})
	t.Run("linked area folder", func(t *testing.T) {
		dir, outside := setup(t)
		if err := os.Symlink(outside, filepath.Join(dir, "acme")); err != nil {
			t.Fatal(err)
		}
		o := run(t, "policy", "new", "acme.sop-deputy", "--dir", dir, "--force")
		if o.code != ExitUsage || len(listFiles(t, outside)) != 0 {
			t.Fatalf("exit %d, stderr %q, outside %v; want 2 and nothing written", o.code, o.stderr, listFiles(t, outside))
		}
	})
	t.Run("linked area folder inside", func(t *testing.T) {
		dir, _ := setup(t)
		os.MkdirAll(filepath.Join(dir, "real"), 0o755)
		if err := os.Symlink("real", filepath.Join(dir, "acme")); err != nil {
			t.Fatal(err)
		}
		o := run(t, "policy", "new", "acme.sop-deputy", "--dir", dir)
		if o.code != ExitUsage || !strings.Contains(o.stderr, "is a symbolic link; pass --force") {
			t.Fatalf("without --force: exit %d, stderr %q", o.code, o.stderr)
		}
		if o := run(t, "policy", "new", "acme.sop-deputy", "--dir", dir, "--force"); o.code != ExitOK {
			t.Fatalf("with --force: exit %d, stderr %q", o.code, o.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "real", "sop_deputy.rego")); err != nil {
			t.Fatal(err)
		}
	})
}

// TestHookInstallLinksAndHooksPath: the hook goes where Git runs hooks
// (core.hooksPath), never through a link without --force, never outside.
func TestHookInstallLinksAndHooksPath(t *testing.T) {
	setConfig := func(t *testing.T, dir, extra string) {
		t.Helper()
		f, err := os.OpenFile(filepath.Join(dir, ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		f.WriteString(extra)
	}
	t.Run("dangling link to outside", func(t *testing.T) {
		g := gitQMS(t)
		outside := t.TempDir()
		hooks := filepath.Join(g.Dir, ".git", "hooks")
		os.MkdirAll(hooks, 0o755)
		if err := os.Symlink(filepath.Join(outside, "evil"), filepath.Join(hooks, "pre-commit")); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"hook", "install", g.Dir}, {"hook", "install", "--force", g.Dir}} {
			o := run(t, args...)
			if o.code != ExitUsage || !strings.Contains(o.stderr, "outside the repository") {
				t.Errorf("%v: exit %d, stderr %q; want 2, outside the repository", args, o.code, o.stderr)
			}
		}
		if got := listFiles(t, outside); len(got) != 0 {
			t.Fatalf("wrote outside: %v", got)
		}
	})
	t.Run("link inside needs --force", func(t *testing.T) {
		g := gitQMS(t)
		hooks := filepath.Join(g.Dir, ".git", "hooks")
		os.MkdirAll(hooks, 0o755)
		if err := os.Symlink("shared-hook", filepath.Join(hooks, "pre-commit")); err != nil {
			t.Fatal(err)
		}
		if o := run(t, "hook", "install", g.Dir); o.code != ExitUsage || !strings.Contains(o.stderr, "symbolic link") {
			t.Fatalf("exit %d, stderr %q; want 2, symbolic link", o.code, o.stderr)
		}
		if o := run(t, "hook", "install", "--force", g.Dir); o.code != ExitOK {
			t.Fatalf("--force: exit %d, stderr %q", o.code, o.stderr)
		}
		if b, _ := os.ReadFile(filepath.Join(hooks, "shared-hook")); !strings.Contains(string(b), hookMarker) {
			t.Fatalf("hook not written through the link: %q", b)
		}
	})
	t.Run("core.hooksPath inside", func(t *testing.T) {
		g := gitQMS(t)
		setConfig(t, g.Dir, "[core]\n\thooksPath = .githooks\n")
		o := run(t, "hook", "install", g.Dir)
		want := filepath.Join(g.Dir, ".githooks", "pre-commit")
		if o.code != ExitOK || !strings.Contains(o.stdout, ".githooks") {
			t.Fatalf("exit %d, %s%s; want installed in .githooks", o.code, o.stdout, o.stderr)
		}
		if b, err := os.ReadFile(want); err != nil || !strings.Contains(string(b), hookMarker) {
			t.Fatalf("%s: %v %q", want, err, b)
		}
		if _, err := os.Stat(filepath.Join(g.Dir, ".git", "hooks", "pre-commit")); err == nil {
			t.Errorf("also wrote .git/hooks/pre-commit, which Git will not run")
		}
	})
	t.Run("core.hooksPath outside", func(t *testing.T) {
		g := gitQMS(t)
		outside := t.TempDir()
		setConfig(t, g.Dir, "[core]\n\thooksPath = "+outside+"\n")
		o := run(t, "hook", "install", "--force", g.Dir)
		if o.code != ExitUsage || !strings.Contains(o.stderr, "core.hooksPath") || len(listFiles(t, outside)) != 0 {
			t.Fatalf("exit %d, stderr %q, outside %v; want 2 naming core.hooksPath, nothing written", o.code, o.stderr, listFiles(t, outside))
		}
	})
}

// copyDir copies the regular files below src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), raw, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestConfigPoliciesStayInside: a repository's .qmslint.yaml cannot name
// a pack outside the repository (its data would reach findings); --policy
// can.
func TestConfigPoliciesStayInside(t *testing.T) {
	outside := t.TempDir()
	copyDir(t, examplePack, outside)
	secret := filepath.Join(outside, "data", "secret")
	os.MkdirAll(secret, 0o755)
	os.WriteFile(filepath.Join(secret, "data.yaml"), []byte("token: s3cr3t\n"), 0o644)
	rel, _ := filepath.Rel("/", outside)
	for name, setting := range map[string]string{
		"absolute": outside,
		"dotdot":   "../../../../../../../../../../" + rel,
		"link":     "linked",
		"etc":      "/etc",
	} {
		t.Run(name, func(t *testing.T) {
			repo := writeRepo(t, "policies: ["+setting+"]\n")
			os.Mkdir(filepath.Join(repo, ".git"), 0o755)
			if err := os.Symlink(outside, filepath.Join(repo, "linked")); err != nil {
				t.Fatal(err)
			}
			o := run(t, "lint", repo)
			if o.code != ExitUsage || !strings.Contains(o.stderr, "policies: ") || !strings.Contains(o.stderr, "outside the repository") || strings.Count(o.stderr, "\n") != 1 {
				t.Fatalf("exit %d, stderr %q; want 2 and one line naming the setting", o.code, o.stderr)
			}
			if strings.Contains(o.stderr, "data.yaml") || strings.Contains(o.stderr, "passwd") {
				t.Errorf("the refusal names a file out there: %q", o.stderr)
			}
		})
	}
	// The same pack given on the command line is the user's choice.
	repo := writeRepo(t, "")
	// A document, so that the folder is a QMS (an empty one exits 2).
	if err := os.WriteFile(filepath.Join(repo, "manual.md"), []byte("# Quality manual\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if o := run(t, "lint", "--fail-on", "never", "--policy", outside, repo); o.code != ExitOK {
		t.Fatalf("--policy outside: exit %d, stderr %q", o.code, o.stderr)
	}
}
