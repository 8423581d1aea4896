package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/gitrepo"
	goldenfile "github.com/qmslint/qmslint/internal/golden"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/policyinput"
)

// stages counts what a command computed: repositories loaded, files
// parsed, policy sets compiled, inputs built and inputs converted for OPA.
type stages struct{ loads, parses, compilations, builds, conversions int64 }

func countStages() stages {
	return stages{lint.Loads.Load(), load.Parses.Load(), engine.Compilations.Load(), policyinput.Builds.Load(), policyinput.Conversions.Load()}
}

// TestOneRunPerCommand holds every command that reads a run to one load,
// one compilation and one input, built and converted once, per side: the
// report used to compile the policies and build the input a second time
// for its coverage matrix, and review compiled and converted the head
// again for its change rules. The repository has a policy pack, so that
// no run borrows the process's cached compilation of the built-in rules
// and every compilation shows.
func TestOneRunPerCommand(t *testing.T) {
	g := gitQMS(t)
	g.Commit("2027-02-01", "a pack", map[string]string{
		"qms/.qmslint.yaml": "policies: [pack]\n",
		"qms/pack/acme.rego": `# METADATA
# title: Nothing
# description: A pack rule that never fires.
# custom:
#   id: acme.nothing
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package acme.nothing

deny contains f if {
	false
	f := {"msg": "never"}
}
`,
	})
	g.Commit("2027-03-01", "reword SOP-1", map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "1", "Documents are used.")})
	g.Stage(map[string]string{"qms/WI-1.md": doc("WI-1", "work-instruction", "1", "Publish approved documents, reworded.")})
	root := filepath.Join(g.Dir, "qms")
	// HEAD~1 holds SOP-1 and WI-1; HEAD rewords SOP-1; the index
	// rewords WI-1: three distinct files in either comparison, two in
	// one state.
	for _, tt := range []struct {
		args   []string
		sides  int64
		parses int64
	}{
		{[]string{"lint"}, 1, 2},
		{[]string{"report", "--format", "json"}, 1, 2},
		{[]string{"coverage"}, 1, 2},
		{[]string{"soa"}, 1, 2},
		{[]string{"capa", "list"}, 1, 2},
		{[]string{"review", "--base", "HEAD~1", "--fail-on", "never"}, 2, 3},
		{[]string{"lint", "--staged", "--fail-on", "never"}, 2, 3},
		{[]string{"lint", "--new-since", "HEAD~1", "--fail-on", "never"}, 2, 4},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			before := countStages()
			o := run(t, append(tt.args, root)...)
			if o.code != 0 && o.code != 1 {
				t.Fatalf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
			}
			after := countStages()
			got := stages{after.loads - before.loads, after.parses - before.parses, after.compilations - before.compilations, after.builds - before.builds, after.conversions - before.conversions}
			want := stages{tt.sides, tt.parses, tt.sides, tt.sides, tt.sides}
			if got != want {
				t.Errorf("loads, parses, compilations, input builds, conversions: got %+v, want %+v", got, want)
			}
		})
	}
}

// TestWarmComparisonsReadOnlyChanges: with a warm cache, lint --staged
// and review neither read nor parse a Markdown or YAML file whose blob
// the cache knows (the index and the trees name every file's blob), nor
// build or convert a policy input when every side's findings and the
// change rules' are cached, and say what they say without the cache. A
// comparison the cache knows by its sides' names (their blob hashes,
// history, configuration) loads neither side: no parsed file is decoded.
func TestWarmComparisonsReadOnlyChanges(t *testing.T) {
	g := gitQMS(t)
	g.Commit("2027-03-01", "reword SOP-1, a linked README", map[string]string{
		"qms/SOP-1.md":     doc("SOP-1", "procedure", "1", "Documents are used, see [the readme](README.md) and [forms](forms/)."),
		"qms/README.md":    "not a controlled document, but a link target",
		"qms/forms/f.yaml": "id: F-1\n",
	})
	root := filepath.Join(g.Dir, "qms")
	env := map[string]string{cache.EnvDir: t.TempDir()}
	type counts struct{ loads, reads, parses, builds, conversions int64 }
	loads := &lint.Loads // the closure below hides the package
	lint := func(env map[string]string, args ...string) (outcome, counts) {
		l, r, p, b, c := loads.Load(), gitrepo.BlobsRead.Load(), load.Parses.Load(), policyinput.Builds.Load(), policyinput.Conversions.Load()
		o := runEnv(t, env, append(append(args, "--format", "json", "--fail-on", "never", "--date", "2027-04-01"), root)...)
		if o.code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, o.code, o.stderr)
		}
		return o, counts{loads.Load() - l, gitrepo.BlobsRead.Load() - r, load.Parses.Load() - p, policyinput.Builds.Load() - b, policyinput.Conversions.Load() - c}
	}
	check := func(what string, args []string, want counts) {
		t.Helper()
		none, _ := lint(nil, append(args, "--no-cache")...)
		got, n := lint(env, args...)
		if got != none {
			t.Errorf("%s %v: the cache changes the output:\n%s", what, args, goldenfile.FirstDiff(none.stdout, got.stdout))
		}
		if n != want {
			t.Errorf("%s %v: sides loaded, blobs read, files parsed, inputs built and converted %+v, want %+v", what, args, n, want)
		}
	}
	staged := []string{"lint", "--staged"}
	review := []string{"review", "--base", "HEAD~1"}
	lint(env, staged...)
	lint(env, review...)
	check("warm", staged, counts{0, 0, 0, 0, 0})
	check("warm", review, counts{0, 0, 0, 0, 0})
	// One file staged: its blob alone is read and parsed, and the index
	// side is evaluated over its whole input (the revision changed, and
	// with it what the coverage rules read), the document-scoped rules
	// over an input of the changed file alone, and the change rules over
	// both sides' documents and registers alone: HEAD's findings come
	// from the cache, its files loaded for the comparison, and its whole
	// input is never converted.
	g.Stage(map[string]string{"qms/WI-1.md": doc("WI-1", "work-instruction", "2", "Publish approved documents, reworded.")})
	check("one staged change", staged, counts{2, 1, 1, 3, 2})
	// Prose alone changed: what every rule of the whole repository reads
	// is as it was, so only the changed file's input is converted.
	g.Stage(map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "1", "Documents are used, see [the readme](README.md) and [forms](forms/). Reworded once more.")})
	check("prose staged", staged, counts{2, 1, 1, 3, 1})
	// Run again, that change is known by name too.
	check("the same staged change", staged, counts{0, 0, 0, 0, 0})
}

// TestWarmComparisonsFollowWhatIsNotInGit: a comparison known by name is
// still judged afresh when something its sides depend on but Git does not
// hold changes: a policy pack outside the repository, the date.
func TestWarmComparisonsFollowWhatIsNotInGit(t *testing.T) {
	g := gitQMS(t)
	// The configuration above the QMS's folder is the side's too: such a
	// side is still known by name (the warm repeat below compiles nothing).
	g.Commit("2027-03-01", "reword SOP-1", map[string]string{
		"qms/SOP-1.md":  doc("SOP-1", "procedure", "1", "Documents are used."),
		".qmslint.yaml": "fail_on: major\n",
	})
	g.Stage(map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "1", "Documents are used, staged.")})
	root := filepath.Join(g.Dir, "qms")
	pack := t.TempDir()
	rule := func(msg string) {
		src := "# METADATA\n# title: Every document\n# custom:\n#   id: acme.every\n#   severity: minor\n#   clauses: [ISO13485:4.2.4]\npackage acme.every\n\nimport data.qmslint.lib\n\n" +
			"deny contains f if {\n\tsome d in lib.documents\n\tf := object.union(lib.where(d), {\"msg\": sprintf(\"%s " + msg + "\", [d.id]), \"subject\": d.id})\n}\n"
		if err := os.WriteFile(filepath.Join(pack, "every.rego"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{cache.EnvDir: t.TempDir()}
	// SARIF for lint --staged, with the rules' metadata; review's SARIF
	// holds only what the change introduces, and the pack's findings are
	// on both sides.
	for _, args := range [][]string{{"lint", "--staged", "--format", "sarif"}, {"review", "--base", "HEAD~1", "--format", "json"}} {
		for i, step := range []struct{ msg, date string }{{"is seen", "2027-04-01"}, {"is seen", "2027-04-01"}, {"is seen again", "2027-04-01"}, {"is seen again", "2029-04-01"}} {
			rule(step.msg)
			full := append(append([]string{}, args...), "--fail-on", "never", "--date", step.date, "--policy", pack, root)
			want := runEnv(t, nil, append(full, "--no-cache")...)
			compiled := engine.Compilations.Load()
			got := runEnv(t, env, full...)
			// The repeat is known by name, its rules' metadata too: the
			// pack is not compiled (the built-in rules are compiled once a
			// process, so only a pack shows it).
			if n := engine.Compilations.Load() - compiled; i == 1 && n != 0 {
				t.Errorf("%v, a warm repeat: %d engines compiled, want none", args, n)
			}
			if got != want {
				t.Errorf("%v, %q as of %s: the cache changes the output:\n%s", args, step.msg, step.date, goldenfile.FirstDiff(want.stdout, got.stdout))
			}
			if !strings.Contains(got.stdout, step.msg) {
				t.Errorf("%v: the pack's finding %q is missing", args, step.msg)
			}
		}
	}
}
