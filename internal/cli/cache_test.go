package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/cache"
	goldenfile "github.com/qmslint/qmslint/internal/golden"
	"github.com/qmslint/qmslint/internal/load"
)

// cacheFixtures are the repositories the golden tests lint: the CLI's,
// the loader's, the examples', and every rule example of policies/ that
// is a plain work tree (those with commits need history, which a copy
// has not).
func cacheFixtures(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, dir := range []string{
		"testdata/lint/repo", "testdata/coverage/repo", "testdata/coverage/claims",
		"testdata/standards/iec62304", "testdata/capa/lifecycle",
		"../load/testdata/golden/basic", "../load/testdata/golden/crlf",
		"../../examples/datacenter-fire/before", "../../examples/datacenter-fire/after",
	} {
		if _, err := os.Stat(dir); err != nil {
			t.Fatalf("fixture %s: %v", dir, err)
		}
		out[dir] = gitRoot(t, dir)
	}
	// These two name a policy pack beside the repository, inside their
	// Git root.
	for _, dir := range []string{"../../examples/custom-policy", "../../examples/internal-controls"} {
		out[dir] = filepath.Join(gitRoot(t, dir), "repo")
	}
	examples, err := filepath.Glob("../../policies/examples/*.txtar")
	if err != nil || len(examples) == 0 {
		t.Fatalf("no rule examples: %v", err)
	}
	for _, ex := range examples {
		src, err := os.ReadFile(ex)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), "\n-- commit ") || strings.Contains(string(src), " -> ") {
			continue
		}
		root := gitRoot(t, t.TempDir())
		var cur *strings.Builder
		files := map[string]*strings.Builder{}
		for _, l := range strings.SplitAfter(string(src), "\n") {
			if h, ok := strings.CutPrefix(strings.TrimRight(l, "\r\n"), "-- "); ok && strings.HasSuffix(h, " --") {
				cur = &strings.Builder{}
				files[strings.TrimSuffix(h, " --")] = cur
				continue
			}
			if cur != nil {
				cur.WriteString(l)
			}
		}
		for name, b := range files {
			p := filepath.Join(root, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out[ex] = root
	}
	return out
}

// TestCacheChangesNoOutput lints every golden fixture with no cache, a
// cold cache and a warm one: the outputs must be byte-identical, and the
// warm run must have parsed nothing (else the cache was never read and
// the comparison proves nothing). On the golden fixtures, a run on another
// day reads the parsed files from the cache but evaluates afresh, and must
// equal an uncached run on that day.
func TestCacheChangesNoOutput(t *testing.T) {
	fixtures := cacheFixtures(t)
	if len(fixtures) < 40 {
		t.Fatalf("only %d fixtures found", len(fixtures))
	}
	for name, root := range fixtures {
		dir := t.TempDir()
		env := map[string]string{cache.EnvDir: dir}
		formats := []string{"json", "text"}
		if strings.HasSuffix(name, ".txtar") {
			formats = formats[:1]
		}
		for _, format := range formats {
			lint := func(env map[string]string, date string, flags ...string) (outcome, int64) {
				before := load.Parses.Load()
				o := runEnv(t, env, append([]string{"lint", "--date", date, "--fail-on", "never", "--format", format, root}, flags...)...)
				return o, load.Parses.Load() - before
			}
			none, _ := lint(nil, "2026-11-24", "--no-cache")
			if none.code != 0 && none.code != 1 {
				t.Errorf("%s: exit %d\n%s", name, none.code, none.stderr)
				continue
			}
			cold, _ := lint(env, "2026-11-24")
			warm, parsed := lint(env, "2026-11-24")
			if format == "json" && parsed != 0 {
				t.Errorf("%s: a warm run parsed %d files", name, parsed)
			}
			runs := []struct {
				what      string
				got, want outcome
			}{{"cold", cold, none}, {"warm", warm, none}}
			// Another day is a new key whatever the repository: the golden
			// fixtures show it, the 80-odd rule examples need not run it
			// again (two runs each under the race detector).
			if format == "json" && !strings.HasSuffix(name, ".txtar") {
				other, _ := lint(nil, "2027-03-01", "--no-cache")
				parsedOnly, _ := lint(env, "2027-03-01")
				runs = append(runs, struct {
					what      string
					got, want outcome
				}{"warm parse, new evaluation", parsedOnly, other})
			}
			for _, r := range runs {
				if r.got != r.want {
					t.Errorf("%s --format %s: the %s cache changes the output:\n%s", name, format, r.what, goldenfile.FirstDiff(r.want.stdout+r.want.stderr, r.got.stdout+r.got.stderr))
				}
			}
		}
	}
}

// A run's findings are cached with everything they depend on: a file the
// QMS links to appearing beside it, or another date, is a new run.
func TestCachedFindingsFollowTheirInputs(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	body := doc("SOP-1", "procedure", "1", "See the [flow chart](flow.png).")
	if err := os.WriteFile(filepath.Join(root, "SOP-1.md"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{cache.EnvDir: t.TempDir()}
	lint := func() string {
		return runEnv(t, env, "lint", "--date", "2027-03-01", "--fail-on", "never", "--format", "json", root).stdout
	}
	if out := lint(); !strings.Contains(out, "flow.png") {
		t.Fatalf("the broken link is not reported:\n%s", out)
	}
	if err := os.WriteFile(filepath.Join(root, "flow.png"), []byte("png"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := lint(); strings.Contains(out, "flow.png") {
		t.Errorf("the link's target now exists, yet the cached finding is reported:\n%s", out)
	}
}

// A backup-evidence register's findings depend on the tool output it
// names, a file that is neither a document nor a register: a new snapshot
// in it must clear a cached stale-snapshot finding.
func TestCachedFindingsFollowBackupEvidence(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../../examples/datacenter-fire/after")); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{cache.EnvDir: t.TempDir()}
	lint := func() string {
		return runEnv(t, env, "lint", "--date", "2026-12-24", "--fail-on", "never", "--format", "json", root).stdout
	}
	if out := lint(); !strings.Contains(out, "infra.backup-snapshot-stale") {
		t.Fatalf("a month-old snapshot is not reported stale:\n%s", out)
	}
	replaceIn(t, filepath.Join(root, "evidence", "bk-2.restic.json"), `"time":"2026-11-24T01:00:34.000888Z"`, `"time":"2026-12-24T01:00:34.000888Z"`)
	if out := lint(); strings.Contains(out, "infra.backup-snapshot-stale") {
		t.Errorf("the evidence now has today's snapshot, yet the cached finding is reported:\n%s", out)
	}
}

// What the parse reads of a policy pack's catalog (the names a document
// mentions the standard by) is part of a cached parse's key: a warm run
// after the pack's catalog changed gives what a run without the cache
// gives.
func TestCachedParsesFollowThePacksCatalogs(t *testing.T) {
	top := gitRoot(t, "../../examples/internal-controls")
	root := filepath.Join(top, "repo")
	env := map[string]string{cache.EnvDir: t.TempDir()}
	lint := func(env map[string]string, flags ...string) string {
		t.Helper()
		o := runEnv(t, env, append([]string{"lint", "--date", "2027-03-01", "--fail-on", "never", "--format", "json", root}, flags...)...)
		if o.code != 0 || o.stderr != "" {
			t.Fatalf("exit %d\n%s", o.code, o.stderr)
		}
		return o.stdout
	}
	const claimed = `"coverage.clause-uncovered:ACMEIC:1.1"`
	if out := lint(env); strings.Contains(out, claimed) {
		t.Fatalf("ACMEIC:1.1 uncovered although a table claims it:\n%s", out)
	}
	// The pack renames the standard's designation: the table's "ACME IC"
	// names it no more.
	replaceIn(t, filepath.Join(top, "pack", "data", "qmslint", "catalogs", "acmeic_2026", "data.json"), `"designation": "IC"`, `"designation": "ICS"`)
	none := lint(nil, "--no-cache")
	if !strings.Contains(none, claimed) {
		t.Fatalf("ACMEIC:1.1 still claimed after the rename:\n%s", none)
	}
	if warm := lint(env); warm != none {
		t.Errorf("the cache kept the parse made with the pack's old catalog:\n%s", goldenfile.FirstDiff(none, warm))
	}
}

// replaceIn replaces the first old in the file with new; the file must
// hold old, or the test no longer changes what it means to.
func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s no longer holds %s; update the test", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
