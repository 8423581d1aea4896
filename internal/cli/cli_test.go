package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	goldenfile "github.com/qmslint/qmslint/internal/golden"

	"github.com/spf13/cobra"
)

// today is the pinned clock: the default --date in every test.
var today = time.Date(2027, 6, 1, 9, 30, 0, 0, time.UTC)

type outcome struct {
	code           int
	stdout, stderr string
}

// run executes qmslint as a black box with a pinned clock and environment.
func run(t testing.TB, args ...string) outcome { return runEnv(t, nil, args...) }

// runEnv is run with environment variables set.
func runEnv(t testing.TB, env map[string]string, args ...string) outcome {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(args, IO{
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Now:    func() time.Time { return today },
		Getenv: func(k string) string { return env[k] },
	})
	o := outcome{code, stdout.String(), stderr.String()}
	if strings.Contains(o.stderr, "goroutine ") || strings.Contains(o.stderr, "panic") {
		t.Fatalf("qmslint %s: stack trace on stderr:\n%s", strings.Join(args, " "), o.stderr)
	}
	return o
}

var (
	ruleIDsOnce sync.Once
	ruleIDs     []string
)

// builtinRules lists the ids of the built-in rules, read through the CLI.
func builtinRules(t testing.TB) []string {
	ruleIDsOnce.Do(func() {
		o := run(t, "rules", "--format", "json", t.TempDir())
		var rules []struct{ ID string }
		if err := json.Unmarshal([]byte(o.stdout), &rules); err != nil {
			t.Fatalf("qmslint rules --format json: %v\n%s", err, o.stderr)
		}
		for _, r := range rules {
			ruleIDs = append(ruleIDs, r.ID)
		}
	})
	if len(ruleIDs) == 0 {
		t.Fatal("no built-in rules")
	}
	return ruleIDs
}

// docRules are the rules whose output the golden files fix. Every other
// rule is disabled in fixtures, so rules added later do not change them.
var docRules = []string{
	"doc.front-matter-missing", "doc.id-duplicate", "doc.not-approved", "doc.obsolete-referenced",
	"doc.reference-broken", "doc.required-section-missing", "doc.review-overdue",
	"parse.error", "parse.skipped", "schema.invalid",
}

// fixture copies testdata/lint/<name> into a fresh Git root and writes a
// .qmslint.yaml that enables only keep (with an optional severity each)
// plus extra settings.
func fixture(t testing.TB, name string, keep map[string]string, extra string) string {
	t.Helper()
	root := gitRoot(t, filepath.Join("testdata", "lint", name))
	writeConfig(t, root, keep, extra)
	return root
}

func writeConfig(t testing.TB, root string, keep map[string]string, extra string) {
	t.Helper()
	var b strings.Builder
	b.WriteString(extra)
	b.WriteString("rules:\n")
	ids := append([]string{}, builtinRules(t)...)
	sort.Strings(ids)
	for _, id := range ids {
		sev, kept := keep[id]
		switch {
		case !kept:
			b.WriteString("  " + id + ": {disabled: true}\n")
		case sev != "":
			b.WriteString("  " + id + ": {severity: " + sev + "}\n")
		}
	}
	if err := os.WriteFile(filepath.Join(root, ".qmslint.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func only(ids ...string) map[string]string {
	m := map[string]string{}
	for _, id := range ids {
		m[id] = ""
	}
	return m
}

// gitRoot copies src into a fresh directory marked as a Git root, so tests
// can change it and config discovery stops there.
func gitRoot(t testing.TB, src string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

// golden compares got with testdata/<path> (slash-separated), or writes
// it there with -update.
func golden(t *testing.T, name, got string) {
	goldenfile.Check(t, filepath.Join("testdata", filepath.FromSlash(name)), []byte(got))
}

// TestHelpOnEveryCommand walks the command tree, so a command added later
// is covered without touching this test.
func TestHelpOnEveryCommand(t *testing.T) {
	t.Parallel()
	env := IO{}
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if !sub.Hidden && sub.Name() != "help" && sub.Name() != "completion" {
				walk(sub, append(append([]string{}, path...), sub.Name()))
			}
		}
	}
	walk(newRoot(&env), nil)
	if len(paths) < 4 {
		t.Fatalf("found only %v", paths)
	}
	var cases [][]string
	for _, p := range paths {
		cases = append(cases, append(append([]string{}, p...), "--help"))
		cases = append(cases, append([]string{"help"}, p...))
	}
	cases = append(cases, []string{"-h"})
	for _, args := range cases {
		o := run(t, args...)
		if o.code != ExitOK || !strings.Contains(o.stdout, "Usage:") || o.stderr != "" {
			t.Errorf("qmslint %s: exit %d, stderr %q, stdout %.80q; want exit 0 and usage", strings.Join(args, " "), o.code, o.stderr, o.stdout)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	o := run(t, "version")
	if o.code != ExitOK || !strings.HasPrefix(o.stdout, "qmslint ") {
		t.Errorf("version: %+v", o)
	}
	// --version is the same line, as every peer prints it.
	if f := run(t, "--version"); f.code != ExitOK || f.stdout != o.stdout {
		t.Errorf("--version: %+v, want %q", f, o.stdout)
	}
}

// A usage error names the command path once: "see qmslint lint --help",
// never "qmslint qmslint".
func TestUsageErrorNamesTheCommandOnce(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]string{"--bogus": "(see qmslint --help)", "lint --bogus": "(see qmslint lint --help)", "capa new a b c d": "(see qmslint capa new --help)"} {
		o := run(t, strings.Fields(args)...)
		if !strings.Contains(o.stderr, want) || strings.Contains(o.stderr, "qmslint qmslint") {
			t.Errorf("qmslint %s: stderr %q, want %q", args, o.stderr, want)
		}
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	o := run(t, "rules", t.TempDir())
	if o.code != ExitOK {
		t.Fatalf("rules: exit %d: %s", o.code, o.stderr)
	}
	for _, id := range docRules {
		if !strings.Contains(o.stdout, id) {
			t.Errorf("qmslint rules does not list %s", id)
		}
	}
}

func TestUsageErrorsAreOneLine(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"lint", "--bogus"}, {"frobnicate"}, {"lint", "a", "b"}, {"version", "extra"}, {"rules", "--format", "xml", "."},
	} {
		o := run(t, args...)
		if o.code != ExitUsage || strings.Count(o.stderr, "\n") != 1 || !strings.HasPrefix(o.stderr, "qmslint: ") {
			t.Errorf("qmslint %s: exit %d, stderr %q; want exit 2 and one line", strings.Join(args, " "), o.code, o.stderr)
		}
	}
}
