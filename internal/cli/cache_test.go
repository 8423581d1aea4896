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
// the comparison proves nothing).
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
			args := []string{"lint", "--date", "2026-11-24", "--fail-on", "never", "--format", format, root}
			none := run(t, append([]string{"lint", "--no-cache"}, args[1:]...)...)
			cold := runEnv(t, env, args...)
			before := load.Parses.Load()
			warm := runEnv(t, env, args...)
			parsed := load.Parses.Load() - before
			if none.code != 0 && none.code != 1 {
				t.Errorf("%s: exit %d\n%s", name, none.code, none.stderr)
				continue
			}
			for _, o := range []struct {
				what string
				o    outcome
			}{{"cold", cold}, {"warm", warm}} {
				if o.o != none {
					t.Errorf("%s --format %s: the %s cache changes the output:\n%s", name, format, o.what, goldenfile.FirstDiff(none.stdout+none.stderr, o.o.stdout+o.o.stderr))
				}
			}
			if format == "json" && parsed != 0 {
				t.Errorf("%s: a warm run parsed %d files", name, parsed)
			}
		}
	}
}
