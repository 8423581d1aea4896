package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
)

// pulseDoc is a document in another company's dialect.
const pulseDoc = "---\ndoc_id: SOP-002\ntitle: \"Document Control\"\ndoc_type: \"Procedure\"\nstatus: Approved\nversion: \"2.0\"\neffective_date: 3/10/2022\nowner: QA\n---\n\n# Document Control\n\n## Reference Standards\n- ISO 13485:2016 — Clauses 4.2.4, 4.2.5\n"

func adoptRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	r := gittest.New(t)
	r.Commit("2026-01-05", "QMS", map[string]string{"qms/sop-002.md": pulseDoc, "qms/index.md": "# Index\n"})
	return r
}

func TestInitWritesConfigOnce(t *testing.T) {
	t.Parallel()
	r := adoptRepo(t)
	o := run(t, "init", r.Dir)
	if o.code != ExitOK {
		t.Fatalf("init: exit %d\n%s", o.code, o.stderr)
	}
	for _, want := range []string{"standards named: ISO13485:2016", "doc_id→id", "next: qmslint lint"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("init output lacks %q:\n%s", want, o.stdout)
		}
	}
	written, err := os.ReadFile(filepath.Join(r.Dir, ".qmslint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	o = run(t, "init", r.Dir)
	if o.code != ExitUsage || !strings.Contains(o.stderr, ".qmslint.yaml exists; --force replaces it") {
		t.Errorf("init over a config: exit %d, stderr %q; want 2 and a refusal", o.code, o.stderr)
	}
	o = run(t, "init", "--dry-run", r.Dir)
	if o.code != ExitOK || o.stdout != string(written) {
		t.Errorf("init --dry-run: exit %d; stdout differs from the written config:\n%s", o.code, o.stdout)
	}
	if o = run(t, "init", "--force", r.Dir); o.code != ExitOK {
		t.Errorf("init --force: exit %d\n%s", o.code, o.stderr)
	}
	// Lint reads the documents through the written dialect: the approved
	// document is approved, its dates are dates.
	o = run(t, "lint", "--format", "json", r.Dir)
	if strings.Contains(o.stdout, "schema.invalid") {
		t.Errorf("lint after init reports schema problems of the dialect's fields:\n%s", o.stdout)
	}
}

func TestInitRefusesYmlConfigToo(t *testing.T) {
	t.Parallel()
	r := adoptRepo(t)
	r.Write(map[string]string{".qmslint.yml": "standards: [ISO13485:2016]\n"})
	if o := run(t, "init", r.Dir); o.code != ExitUsage {
		t.Errorf("init over .qmslint.yml: exit %d, want 2", o.code)
	}
}

// init never writes through a link, not even with --force: a dangling
// .qmslint.yaml link would create its target wherever it points.
func TestInitNeverWritesThroughALink(t *testing.T) {
	r := adoptRepo(t)
	outside := filepath.Join(t.TempDir(), "escaped.yaml")
	if err := os.Symlink(outside, filepath.Join(r.Dir, ".qmslint.yaml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	for _, args := range [][]string{{"init", r.Dir}, {"init", "--force", r.Dir}} {
		if o := run(t, args...); o.code != ExitUsage || strings.Count(o.stderr, "\n") != 1 {
			t.Errorf("qmslint %s over a dangling link: exit %d, stderr %q; want 2 and one line", strings.Join(args, " "), o.code, o.stderr)
		}
	}
	if _, err := os.Lstat(outside); err == nil {
		t.Errorf("init wrote %s, outside the repository", outside)
	}
}

func TestImportDiffWriteAndIdempotence(t *testing.T) {
	t.Parallel()
	r := adoptRepo(t)
	if o := run(t, "init", r.Dir); o.code != ExitOK {
		t.Fatalf("init: %s", o.stderr)
	}
	r.Commit("2026-01-06", "config", map[string]string{".qmslint.yaml": mustRead(t, filepath.Join(r.Dir, ".qmslint.yaml"))})
	o := run(t, "import", r.Dir)
	if o.code != ExitOK || !strings.Contains(o.stdout, "+id: SOP-002") || !strings.Contains(o.stdout, "-doc_id: SOP-002") {
		t.Fatalf("import: exit %d, diff:\n%s\n%s", o.code, o.stdout, o.stderr)
	}
	if got := mustRead(t, filepath.Join(r.Dir, "qms/sop-002.md")); got != pulseDoc {
		t.Fatal("import without --write changed the document")
	}
	if o = run(t, "import", "--write", r.Dir); o.code != ExitOK {
		t.Fatalf("import --write: exit %d\n%s", o.code, o.stderr)
	}
	got := mustRead(t, filepath.Join(r.Dir, "qms/sop-002.md"))
	for _, want := range []string{"id: SOP-002\n", "status: approved\n", "effective: 2022-03-10\n", "clauses: ['ISO13485:4.2.4', 'ISO13485:4.2.5']\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("imported document lacks %q:\n%s", want, got)
		}
	}
	if !strings.HasSuffix(got, pulseDoc[strings.Index(pulseDoc, "\n---\n")+5:]) {
		t.Error("the body changed")
	}
	r.Commit("2026-01-07", "import", map[string]string{"qms/sop-002.md": got})
	if o = run(t, "import", r.Dir); o.stdout != "" {
		t.Errorf("second import shows a change:\n%s", o.stdout)
	}
}

func TestImportRefusesUncommittedFiles(t *testing.T) {
	t.Parallel()
	r := adoptRepo(t)
	edited := pulseDoc + "\nA change not yet committed.\n"
	r.Write(map[string]string{"qms/sop-002.md": edited})
	o := run(t, "import", "--write", r.Dir)
	if o.code != ExitUsage || !strings.Contains(o.stderr, "uncommitted changes (qms/sop-002.md)") {
		t.Errorf("import --write on a modified file: exit %d, stderr %q; want 2 and a refusal", o.code, o.stderr)
	}
	if mustRead(t, filepath.Join(r.Dir, "qms/sop-002.md")) != edited {
		t.Fatal("a refused import changed the file")
	}
	if o = run(t, "import", "--write", "--force", r.Dir); o.code != ExitOK {
		t.Errorf("import --write --force: exit %d\n%s", o.code, o.stderr)
	}
}

func TestImportOutsideGitNeedsForce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sop.md"), []byte("# SOP\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if o := run(t, "import", "--write", dir); o.code != ExitUsage || !strings.Contains(o.stderr, "not in a Git repository") {
		t.Errorf("import --write outside Git: exit %d, stderr %q", o.code, o.stderr)
	}
}

func TestConfigWithUnknownDialectKeyIsUsageError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".qmslint.yaml"), []byte("dialect:\n  feilds: {doc_id: id}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := run(t, "lint", dir)
	if o.code != ExitUsage || !strings.Contains(o.stderr, `dialect: unknown setting "feilds"`) {
		t.Errorf("lint with a misspelt dialect key: exit %d, stderr %q", o.code, o.stderr)
	}
}

func mustRead(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// init holds the company's documents to the sections the built-in rule's
// metadata names, the one place they are written: a change there reaches
// init without a change in Go.
func TestInitSectionsFromRuleMetadata(t *testing.T) {
	t.Parallel()
	got, err := defaultSections()
	if err != nil {
		t.Fatal(err)
	}
	if len(got["procedure"]) == 0 || !slices.Contains(got["procedure"], "Purpose") {
		t.Errorf("sections %v: want the rule's default for procedures, Purpose among them", got)
	}
}
