package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/engine"
	goldenfile "github.com/qmslint/qmslint/internal/golden"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/policyinput"
)

// TestDocumentScopedRulesJudgeChangesOnly: the rules of custom.scope:
// document are evaluated over the files no earlier run and no other side
// of the comparison judged, and the output is --no-cache's.
func TestDocumentScopedRulesJudgeChangesOnly(t *testing.T) {
	overdue := func(id, kind string) string {
		return strings.Replace(doc(id, kind, "1", "Overdue."), "interval_months: 24", "interval_months: 1", 1)
	}
	g := gitQMS(t)
	g.Commit("2027-03-01", "an overdue work instruction", map[string]string{
		"qms/WI-2.md":  overdue("WI-2", "work-instruction"),
		"qms/SOP-1.md": doc("SOP-1", "procedure", "1", "Documents are approved before use, reworded."),
	})
	root := filepath.Join(g.Dir, "qms")
	env := map[string]string{cache.EnvDir: t.TempDir()}
	lintRun := func(env map[string]string, args ...string) (outcome, []int64) {
		t.Helper()
		lint.DocEvaluated.Runs()
		o := runEnv(t, env, append(append(args, "--format", "json", "--fail-on", "never", "--date", "2027-04-01"), root)...)
		if o.code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, o.code, o.stderr)
		}
		runs := lint.DocEvaluated.Runs()
		slices.Sort(runs)
		return o, runs
	}
	sum := func(runs []int64) int64 {
		var n int64
		for _, x := range runs {
			n += x
		}
		return n
	}
	check := func(what string, args []string, want []int64) {
		t.Helper()
		none, _ := lintRun(nil, append(args, "--no-cache")...)
		got, runs := lintRun(env, args...)
		if got != none {
			t.Errorf("%s %v: the cache changes the output:\n%s", what, args, goldenfile.FirstDiff(none.stdout, got.stdout))
		}
		if len(want) == 1 && want[0] < 0 {
			// The sides run at once: which judges the shared files
			// depends on which gets there first.
			runs = []int64{sum(runs)}
			want = []int64{-want[0]}
		}
		if !slices.Equal(runs, want) {
			t.Errorf("%s %v: files judged by the document-scoped rules, run by run: %v, want %v", what, args, runs, want)
		}
	}
	review := []string{"review", "--base", "HEAD~1"}
	// Cold: SOP-1 before and after its rewording and WI-2, new, are
	// judged once each, WI-1, the same blob on both sides, once for both;
	// but WI-2 adds an id, so doc.reference-broken, which reads the set of
	// ids (a given), judges every file of each side: two and three.
	if _, runs := lintRun(nil, append(review, "--no-cache")...); !slices.Equal(runs, []int64{2, 3}) {
		t.Errorf("cold review: files judged %v, want [2 3]", runs)
	}
	check("cold", review, []int64{2, 3})
	check("warm", review, nil)
	staged := []string{"lint", "--staged"}
	lintRun(env, staged...)
	// A change that keeps every id: HEAD's findings are cached whole, and
	// the index side judges the changed file alone.
	g.Stage(map[string]string{"qms/WI-2.md": strings.Replace(overdue("WI-2", "work-instruction"), "Overdue.", "Overdue, reworded.", 1)})
	check("one staged file", staged, []int64{1})
	check("warm", staged, nil)
	// A new file adds an id: the rules that read the ids judge every
	// file of the index side again, the others the new file alone.
	g.Stage(map[string]string{"qms/WI-3.md": overdue("WI-3", "work-instruction")})
	check("one new staged file", staged, []int64{4})
	check("warm", staged, nil)
}

// TestPackRuleIteratingAGiven: a pack rule declared document-scoped that
// iterates a given (every id) rather than the files passes the static
// check; over the one changed file it judges every file, the run sees
// that and evaluates the rule over the whole input, and the output stays
// --no-cache's.
func TestPackRuleIteratingAGiven(t *testing.T) {
	g := gitQMS(t)
	g.Commit("2027-02-01", "a pack", map[string]string{
		"qms/.qmslint.yaml": "policies: [pack]\n",
		"qms/pack/acme.rego": `# METADATA
# title: Every id
# description: A pack rule that names every id, whichever file it judges.
# custom:
#   id: acme.every-id
#   severity: observation
#   clauses: [ISO13485:4.2.4]
#   scope: document
package acme.every_id

import data.qmslint.lib

deny contains f if {
	some id in lib.ids
	f := {"msg": sprintf("id %s", [id]), "subject": id}
}
`,
	})
	root := filepath.Join(g.Dir, "qms")
	env := map[string]string{cache.EnvDir: t.TempDir()}
	run := func(env map[string]string, args ...string) string {
		t.Helper()
		o := runEnv(t, env, append(append(args, "--format", "json", "--fail-on", "never", "--date", "2027-04-01"), root)...)
		if o.code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, o.code, o.stderr)
		}
		return o.stdout
	}
	run(env, "lint")
	if err := os.WriteFile(filepath.Join(root, "WI-1.md"), []byte(doc("WI-1", "work-instruction", "1", "Publish approved documents, reworded.")), 0o644); err != nil {
		t.Fatal(err)
	}
	lint.DocEvaluated.Runs()
	got := run(env, "lint")
	if runs := lint.DocEvaluated.Runs(); !slices.Equal(runs, []int64{2}) {
		t.Errorf("files judged by the document-scoped rules: %v, want [2] (the changed file, then every file)", runs)
	}
	if want := run(nil, "lint", "--no-cache"); got != want {
		t.Errorf("the cache changes the output:\n%s", goldenfile.FirstDiff(want, got))
	}
	for _, id := range []string{"SOP-1", "WI-1"} {
		if n := strings.Count(got, `"id": "acme.every-id:`+id+`"`); n != 1 {
			t.Errorf("%d findings for %s, want 1:\n%s", n, id, got)
		}
	}
}

// TestRepositoryRulesByFootprint: after a procedure's text changes, the
// rules that read only the registers and givens (the infrastructure, risk
// and supplier rules) come from the cache; after a register changes they
// are judged again; the output is --no-cache's every time.
func TestRepositoryRulesByFootprint(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../../examples/datacenter-fire/after")); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{cache.EnvDir: t.TempDir()}
	run := func(env map[string]string, args ...string) string {
		t.Helper()
		o := runEnv(t, env, append(append([]string{"lint"}, args...), "--format", "json", "--fail-on", "never", "--date", "2026-12-24", root)...)
		if o.code != 0 {
			t.Fatalf("exit %d\n%s", o.code, o.stderr)
		}
		return o.stdout
	}
	edit := func(rel, old, new string) {
		t.Helper()
		p := filepath.Join(root, rel)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(b), old, new, 1)
		if s == string(b) {
			t.Fatalf("%s has no %q; update the test", rel, old)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check := func(what string, taken func(n int64) bool) {
		t.Helper()
		lint.RepoTaken.Runs()
		got := run(env)
		runs := lint.RepoTaken.Runs()
		if len(runs) != 1 || !taken(runs[0]) {
			t.Errorf("%s: repository-scoped rules taken from the cache, run by run: %v", what, runs)
		}
		if want := run(nil, "--no-cache"); got != want {
			t.Errorf("%s: the cache changes the output:\n%s", what, goldenfile.FirstDiff(want, got))
		}
	}
	check("cold", func(n int64) bool { return n == 0 })
	// Prose added where it moves no heading or link: what every rule of
	// the whole repository reads is as it was, so each comes from the
	// cache, and only the changed file's input is converted.
	p := filepath.Join(root, "procedures/SOP-011-monitoring.md")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(b, "\nA sentence at the end.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	conversions, evaluations := policyinput.Conversions.Load(), engine.Evaluations.Load()
	lint.RepoTaken.Runs()
	got := run(env)
	n, q := policyinput.Conversions.Load()-conversions, engine.Evaluations.Load()-evaluations
	afterProse := lint.RepoTaken.Runs()[0]
	// The changed file's input converted and its document-scoped rules
	// evaluated, every group of them (by the givens they read) in one
	// query; the givens and the trace rules' results from the cache.
	if afterProse < 30 || n != 1 || q != 1 {
		t.Errorf("prose at the end: %d repository-scoped rules from the cache, %d inputs converted, %d queries; want every one, the changed file's, one", afterProse, n, q)
	}
	if want := run(nil, "--no-cache"); got != want {
		t.Errorf("prose at the end: the cache changes the output:\n%s", goldenfile.FirstDiff(want, got))
	}
	edit("procedures/SOP-011-monitoring.md", "## 1. Purpose", "## 1. Purpose\n\nReworded.")
	var afterText int64
	check("a procedure's text", func(n int64) bool { afterText = n; return n >= 10 && n < afterProse })
	edit("registers/suppliers.yaml", "\n", "\n# reviewed\n")
	check("a register", func(n int64) bool { return n < afterText })
}

// TestHistoryByDocument: doc.changed-after-approval judges each document
// with its own history; after another file changes, a warm run judges
// that file alone and still reports the document changed after its
// approval, as --no-cache does.
func TestHistoryByDocument(t *testing.T) {
	g := gitQMS(t)
	g.Commit("2027-02-01", "reword SOP-1 after its approval", map[string]string{
		"qms/SOP-1.md": doc("SOP-1", "procedure", "1", "Documents are approved before use, reworded."),
	})
	root := filepath.Join(g.Dir, "qms")
	env := map[string]string{cache.EnvDir: t.TempDir()}
	run := func(env map[string]string, args ...string) string {
		t.Helper()
		o := runEnv(t, env, append(append([]string{"lint"}, args...), "--format", "json", "--fail-on", "never", "--date", "2027-04-01", root)...)
		if o.code != 0 {
			t.Fatalf("exit %d\n%s", o.code, o.stderr)
		}
		return o.stdout
	}
	if out := run(env); !strings.Contains(out, `"id": "doc.changed-after-approval:SOP-1"`) {
		t.Fatalf("the change after approval is not reported:\n%s", out)
	}
	g.Write(map[string]string{"qms/WI-1.md": doc("WI-1", "work-instruction", "1", "Publish approved documents, reworded in the work tree.")})
	lint.DocEvaluated.Runs()
	got := run(env)
	if runs := lint.DocEvaluated.Runs(); !slices.Equal(runs, []int64{1}) {
		t.Errorf("files judged by the document-scoped rules: %v, want [1]", runs)
	}
	if want := run(nil, "--no-cache"); got != want {
		t.Errorf("the cache changes the output:\n%s", goldenfile.FirstDiff(want, got))
	}
	if !strings.Contains(got, `"id": "doc.changed-after-approval:SOP-1"`) {
		t.Errorf("the change after approval is no longer reported:\n%s", got)
	}
}
