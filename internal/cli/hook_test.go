package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/catalog/catalogtest"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
)

// A small QMS under qms/ of a Git repository: two approved documents.
func gitQMS(t *testing.T) *gittest.Repo {
	t.Helper()
	g := gittest.New(t)
	g.Commit("2027-01-10", "seed", map[string]string{
		"qms/SOP-1.md": doc("SOP-1", "procedure", "1", "Documents are approved before use."),
		"qms/WI-1.md":  doc("WI-1", "work-instruction", "1", "Publish approved documents."),
		"README.md":    "outside the QMS",
	})
	return g
}

// filesUnder reads the regular files below src, keyed by their
// slash-separated path under prefix, for a gittest commit.
func filesUnder(t testing.TB, src, prefix string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		files[prefix+filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func doc(id, kind, rev, body string) string {
	return "---\nid: " + id + "\nkind: " + kind + "\ntitle: " + id + " title\nrevision: " + rev +
		"\nstatus: approved\nowner: qa\napprovals: [{by: Ann, role: QA, date: 2027-01-05}]\neffective: 2027-01-10\nreview: {interval_months: 24, last: 2027-01-05}\n---\n\n# " + id + "\n\n" + body + "\n"
}

func TestLintStaged(t *testing.T) {
	t.Parallel()
	g := gitQMS(t)
	root := filepath.Join(g.Dir, "qms")
	if o := run(t, "lint", "--staged", root); o.code != 0 {
		t.Fatalf("nothing staged: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	// A broken status staged in SOP-1; a broken WI-1 only in the work tree.
	g.Stage(map[string]string{"qms/SOP-1.md": strings.Replace(doc("SOP-1", "procedure", "1", "x"), "status: approved", "status: aproved", 1)})
	g.Write(map[string]string{"qms/WI-1.md": strings.Replace(doc("WI-1", "work-instruction", "1", "x"), "status: approved", "status: bogus", 1)})
	o := run(t, "lint", "--staged", "--format", "json", root)
	if o.code != 1 {
		t.Fatalf("staged breakage: exit %d, want 1\n%s%s", o.code, o.stdout, o.stderr)
	}
	if !strings.Contains(o.stdout, "SOP-1.md") {
		t.Errorf("the staged file's finding is missing:\n%s", o.stdout)
	}
	if strings.Contains(o.stdout, "WI-1.md") {
		t.Errorf("an unstaged change was linted:\n%s", o.stdout)
	}
	// The work tree lint sees both.
	if o := run(t, "lint", "--format", "json", root); !strings.Contains(o.stdout, "WI-1.md") || !strings.Contains(o.stdout, "SOP-1.md") {
		t.Errorf("work tree lint should see both files:\n%s", o.stdout)
	}
}

func TestLintNewSince(t *testing.T) {
	t.Parallel()
	g := gitQMS(t)
	base := g.Commit("2027-02-01", "break WI-1", map[string]string{"qms/WI-1.md": strings.Replace(doc("WI-1", "work-instruction", "1", "x"), "status: approved", "status: bogus", 1)})
	root := filepath.Join(g.Dir, "qms")
	if o := run(t, "lint", "--new-since", base, root); o.code != 0 {
		t.Errorf("nothing new since %s: exit %d\n%s", base, o.code, o.stdout)
	}
	if o := run(t, "lint", "--new-since", "HEAD~1", "--format", "json", root); o.code != 1 || !strings.Contains(o.stdout, "WI-1.md") {
		t.Errorf("WI-1 broke after HEAD~1: exit %d\n%s", o.code, o.stdout)
	}
	if o := run(t, "lint", "--new-since", "no-such-branch", root); o.code != 2 {
		t.Errorf("unknown revision: exit %d, want 2\n%s", o.code, o.stderr)
	}
}

func TestLintOnlyFiles(t *testing.T) {
	g := gitQMS(t)
	g.Write(map[string]string{
		"qms/SOP-1.md": strings.Replace(doc("SOP-1", "procedure", "1", "x"), "status: approved", "status: aproved", 1),
		"qms/WI-1.md":  strings.Replace(doc("WI-1", "work-instruction", "1", "x"), "status: approved", "status: bogus", 1),
	})
	wd, _ := os.Getwd()
	if err := os.Chdir(g.Dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	// As pre-commit calls it: the root, then the files it was given.
	o := run(t, "lint", "--root", "qms", "--format", "json", "qms/WI-1.md", "README.md")
	if o.code != 1 || !strings.Contains(o.stdout, "WI-1.md") || strings.Contains(o.stdout, "SOP-1.md") {
		t.Errorf("--root qms qms/WI-1.md: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if o := run(t, "lint", "--root", "qms", "README.md"); o.code != 0 {
		t.Errorf("only a file outside the QMS: exit %d\n%s", o.code, o.stdout)
	}
}

func TestHookInstall(t *testing.T) {
	t.Parallel()
	g := gitQMS(t)
	root := filepath.Join(g.Dir, "qms")
	hook := filepath.Join(g.Dir, ".git", "hooks", "pre-commit")
	if o := run(t, "hook", "install", root); o.code != 0 {
		t.Fatalf("install: exit %d %s", o.code, o.stderr)
	}
	b, err := os.ReadFile(hook)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "lint --staged 'qms'") {
		t.Errorf("hook does not lint the QMS root:\n%s", b)
	}
	if fi, _ := os.Stat(hook); fi.Mode()&0o111 == 0 {
		t.Errorf("hook is not executable: %v", fi.Mode())
	}
	if o := run(t, "hook", "install", root); o.code != 0 {
		t.Errorf("reinstalling its own hook: exit %d %s", o.code, o.stderr)
	}
	if err := os.WriteFile(hook, []byte("#!/bin/sh\nmake check\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if o := run(t, "hook", "install", root); o.code != 2 || !strings.Contains(o.stderr, "--force") {
		t.Errorf("foreign hook: exit %d %s", o.code, o.stderr)
	}
	if b, _ := os.ReadFile(hook); !strings.Contains(string(b), "make check") {
		t.Errorf("foreign hook was overwritten")
	}
	if o := run(t, "hook", "install", "--force", root); o.code != 0 {
		t.Errorf("--force: exit %d %s", o.code, o.stderr)
	}
}

func TestHistoryAndChangedAfterApproval(t *testing.T) {
	t.Parallel()
	g := gitQMS(t)
	// Approved 2027-01-05 at revision 1; edited later without a new one.
	g.Commit("2027-03-01", "reword SOP-1", map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "1", "Documents are approved before they are used.")})
	root := filepath.Join(g.Dir, "qms")
	o := run(t, "lint", "--format", "json", root)
	if !strings.Contains(o.stdout, `"doc.changed-after-approval:SOP-1"`) {
		t.Errorf("doc.changed-after-approval missing:\n%s", o.stdout)
	}
	g.Commit("2027-04-01", "raise SOP-1 to revision 2", map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "2", "Documents are approved before they are used.")})
	o = run(t, "lint", "--format", "json", root)
	if strings.Contains(o.stdout, `"doc.changed-after-approval:SOP-1"`) {
		t.Errorf("a new revision is not a change after approval of the current one:\n%s", o.stdout)
	}
	o = run(t, "history", "SOP-1", root)
	if o.code != 0 {
		t.Fatalf("history: exit %d %s", o.code, o.stderr)
	}
	lines := strings.Split(strings.TrimSpace(o.stdout), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "1 → 2") || !strings.Contains(lines[1], "content, same revision") || !strings.Contains(lines[2], "added at 1") {
		t.Errorf("history:\n%s", o.stdout)
	}
	if o := run(t, "history", "NOPE", root); o.code != 2 {
		t.Errorf("unknown id: exit %d", o.code)
	}
}

// BenchmarkLintStaged measures the pre-commit path on the reference QMS:
// one staged edit, the index and HEAD linted side by side.
//
//	go test -run '^$' -bench LintStaged ./internal/cli
func BenchmarkLintStaged(b *testing.B) {
	g := gittest.New(b)
	files := filesUnder(b, filepath.Join("..", "..", "qms"), "qms/")
	g.Commit("2026-11-20", "reference QMS", files)
	readme := files["qms/README.md"]
	g.Stage(map[string]string{"qms/README.md": readme + "\nA staged line.\n"})
	root := filepath.Join(g.Dir, "qms")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if o := run(b, "lint", "--staged", "--date", "2026-11-24", root); o.code > 1 {
			b.Fatalf("exit %d: %s", o.code, o.stderr)
		}
	}
}

// The pre-commit hook judges the staged change as review judges a pull
// request: an edit to an approved document that keeps its revision is
// stopped before the commit (it used to pass, and be caught only after).
func TestLintStagedRunsChangeRules(t *testing.T) {
	g := gitQMS(t)
	root := filepath.Join(g.Dir, "qms")
	g.Stage(map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "1", "Documents are approved before use, and reviewed.")})
	o := run(t, "lint", "--staged", root)
	if o.code != 1 || !strings.Contains(o.stdout, " major change.revision-not-bumped:SOP-1 ") || !strings.Contains(o.stdout, "changed since HEAD") {
		t.Fatalf("staged edit without a new revision: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	// Reported on the staged file only when pre-commit names it.
	t.Chdir(g.Dir)
	if o := run(t, "lint", "--staged", "--root", "qms", "qms/WI-1.md"); strings.Contains(o.stdout, "revision-not-bumped") {
		t.Errorf("--staged on another file reports SOP-1:\n%s", o.stdout)
	}
	g.Stage(map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "2", "Documents are approved before use, and reviewed.")})
	if o := run(t, "lint", "--staged", "qms"); strings.Contains(o.stdout, "revision-not-bumped") {
		t.Errorf("a raised revision is still reported:\n%s", o.stdout)
	}
}

// TestStagedReadsWhatTheConfigNames: lint --staged reads the Markdown and
// YAML files of the index from their blobs, yet a YAML file the
// configuration names (a catalog) is read by the configuration from the
// copy of the index, so it must be there too.
func TestStagedReadsWhatTheConfigNames(t *testing.T) {
	g := gitQMS(t)
	g.Commit("2027-02-01", "a catalog", map[string]string{
		"qms/.qmslint.yaml":        "catalogs: [controls/acmeic.yaml]\nstandards: [ACMEIC:2026]\n",
		"qms/controls/acmeic.yaml": catalogtest.Raw(t),
	})
	g.Stage(map[string]string{"qms/WI-1.md": doc("WI-1", "work-instruction", "2", "Publish approved documents, reworded.")})
	root := filepath.Join(g.Dir, "qms")
	for _, args := range [][]string{{"lint", "--staged"}, {"review", "--base", "HEAD~1"}} {
		o := run(t, append(args, "--fail-on", "never", "--no-cache", root)...)
		if o.code != 0 {
			t.Errorf("%v: exit %d\n%s%s", args, o.code, o.stdout, o.stderr)
		}
	}
}

// A comparison whose sides hold two versions of the repository's own
// catalog: each side is checked against its own. Catalogs used to be
// known process-wide, and the side read second failed to load: the hook
// then counted every finding as new, or exited with an error.
func TestComparedSidesKeepTheirOwnCatalog(t *testing.T) {
	t.Parallel()
	cat := catalogtest.Raw(t)
	files := filesUnder(t, filepath.Join("..", "..", "examples", "internal-controls", "repo"), "qms/")
	// The example's repository names the catalog through the pack; here
	// the repository holds it.
	files["qms/.qmslint.yaml"] = "catalogs: [controls/acmeic.json]\nstandards: [ISO13485:2016, ACMEIC:2026]\n"
	files["qms/controls/acmeic.json"] = cat
	g := gittest.New(t)
	g.Commit("2027-01-10", "seed", files)
	// Another version: a clause nothing addresses added, a title reworded.
	next := strings.Replace(cat, `"3.2": {`, `"3.3": {"title": "Suppliers' incidents reviewed", "parent": "3", "group": "3"}, "3.2": {`, 1)
	next = strings.Replace(next, "Access reviewed every quarter", "Access reviewed each quarter", 1)
	if next == cat || !strings.Contains(next, `"3.3"`) {
		t.Fatal("the catalog's clauses are not where the test expects them")
	}
	g.Stage(map[string]string{"qms/controls/acmeic.json": next})
	root := filepath.Join(g.Dir, "qms")
	// The ids of the findings new on the index side or the head, under
	// key of the JSON output.
	check := func(what, key string, o outcome) {
		t.Helper()
		if o.code != ExitFindings || o.stderr != "" {
			t.Fatalf("%s: exit %d, want %d\n%s", what, o.code, ExitFindings, o.stderr)
		}
		var out map[string]json.RawMessage
		var found []struct{ ID string }
		if err := json.Unmarshal([]byte(o.stdout), &out); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out[key], &found); err != nil {
			t.Fatalf("%s: %s: %v\n%s", what, key, err, o.stdout)
		}
		var ids []string
		for _, f := range found {
			ids = append(ids, f.ID)
		}
		if want := []string{"coverage.clause-uncovered:ACMEIC:3.3"}; !slices.Equal(ids, want) {
			t.Errorf("%s: new findings %v, want %v", what, ids, want)
		}
	}
	for _, cache := range [][]string{nil, {"--no-cache"}, nil} {
		check(fmt.Sprintf("lint --staged %v", cache), "findings", run(t, append([]string{"lint", "--staged", "--format", "json", "--date", "2027-02-01"}, append(cache, root)...)...))
	}
	g.Commit("2027-02-01", "a clause added", map[string]string{"qms/controls/acmeic.json": next})
	for _, cache := range [][]string{nil, {"--no-cache"}} {
		check(fmt.Sprintf("review %v", cache), "introduced", run(t, append([]string{"review", "--base", "HEAD~1", "--format", "json", "--date", "2027-02-01"}, append(cache, root)...)...))
	}
}
