package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/load"
)

// coverageRepo copies testdata/coverage/repo into a fresh Git root, so
// tests can change it and config discovery stops there.
func coverageRepo(t *testing.T) string {
	return gitRoot(t, filepath.Join("testdata", "coverage", "repo"))
}

func TestCoverageFormats(t *testing.T) {
	t.Parallel()
	root := coverageRepo(t)
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"iso13485.txt", []string{"coverage", "--standard", "ISO13485"}},
		{"iso13485-claims.txt", []string{"coverage", "--standard", "iso13485", "--claims"}},
		{"iso27001.md", []string{"coverage", "--standard", "ISO27001:2022", "--format", "markdown"}},
		{"iso13485.json", []string{"coverage", "--standard", "ISO13485", "--format", "json"}},
		{"coverage.csv", []string{"coverage", "--format", "csv"}},
		{"soa.md", []string{"soa"}},
		{"soa.csv", []string{"soa", "--format", "csv"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			t.Parallel()
			o := run(t, append(tc.args, "--date", "2026-11-24", root)...)
			if o.code != ExitOK || o.stderr != "" {
				t.Fatalf("exit %d, stderr %s", o.code, o.stderr)
			}
			golden(t, "coverage/"+tc.golden, o.stdout)
		})
	}
}

func TestCoverageUsageErrors(t *testing.T) {
	t.Parallel()
	root := coverageRepo(t)
	only13485, _ := filepath.Abs(filepath.Join("testdata", "coverage", "iso13485-only.yaml"))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"coverage", "--format", "html", root}, "--format: expected text, json, markdown or csv"},
		{[]string{"coverage", "--standard", "ISO9001", root}, `--standard: "ISO9001" is not among standards in`},
		{[]string{"coverage", "--date", "24.11.2026", root}, "--date: expected a date like"},
		{[]string{"coverage", filepath.Join(root, "missing")}, "cannot read"},
		{[]string{"coverage", "a", "b"}, "accepts at most 1 arg"},
		{[]string{"soa", "--format", "text", root}, "--format: expected markdown or csv"},
		{[]string{"soa", "--config", only13485, root}, "ISO/IEC 27001:2022 is not among the enabled standards"},
	} {
		o := run(t, tc.args...)
		if o.code != ExitUsage || !strings.Contains(o.stderr, tc.want) || o.stdout != "" {
			t.Errorf("qmslint %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(tc.args, " "), o.code, o.stderr, tc.want)
		}
	}
}

type matrix struct {
	Standards []struct {
		ID      string
		Summary struct{ Leaves, Covered, Uncovered int }
		Clauses []struct {
			ID, Status string
			Leaf       bool
		}
	}
}

func coverageOf(t *testing.T, root string) map[string]string {
	t.Helper()
	o := run(t, "coverage", "--format", "json", "--date", "2026-11-24", root)
	if o.code != ExitOK {
		t.Fatalf("coverage: exit %d: %s", o.code, o.stderr)
	}
	var m matrix
	if err := json.Unmarshal([]byte(o.stdout), &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, s := range m.Standards {
		for _, c := range s.Clauses {
			if c.Leaf {
				out[c.ID] = c.Status
			}
		}
	}
	return out
}

// TestRemovingADocumentUncoversItsClauses: the matrix is computed from
// the repository, not kept by hand, so deleting the internal audit
// procedure must leave exactly the clauses it addressed uncovered.
func TestRemovingADocumentUncoversItsClauses(t *testing.T) {
	t.Parallel()
	root := coverageRepo(t)
	before := coverageOf(t, root)
	if err := os.Remove(filepath.Join(root, "procedures", "SOP-002-audit.md")); err != nil {
		t.Fatal(err)
	}
	after := coverageOf(t, root)
	var lost []string
	for id, st := range before {
		if st != after[id] {
			if st != "covered" || after[id] != "uncovered" {
				t.Errorf("%s went from %s to %s", id, st, after[id])
			}
			lost = append(lost, id)
		}
	}
	sort.Strings(lost)
	if want := []string{"ISO13485:8.2.4", "ISO27001:9.2.2"}; !slices.Equal(lost, want) {
		t.Errorf("clauses uncovered by removing SOP-002: %v, want %v", lost, want)
	}
}

// TestCoverageAgreesWithLint: the uncovered clauses of the matrix are
// exactly the subjects of coverage.clause-uncovered.
func TestCoverageAgreesWithLint(t *testing.T) {
	t.Parallel()
	root := coverageRepo(t)
	var uncovered []string
	for id, st := range coverageOf(t, root) {
		if st == "uncovered" {
			uncovered = append(uncovered, id)
		}
	}
	o := run(t, "lint", "--format", "json", "--date", "2026-11-24", root)
	var rep struct {
		Findings []struct{ Rule, Subject string }
	}
	if err := json.Unmarshal([]byte(o.stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, o.stderr)
	}
	var subjects []string
	for _, f := range rep.Findings {
		if f.Rule == "coverage.clause-uncovered" {
			subjects = append(subjects, f.Subject)
		}
	}
	sort.Strings(uncovered)
	sort.Strings(subjects)
	if len(uncovered) == 0 || !slices.Equal(uncovered, subjects) {
		t.Errorf("coverage says uncovered %v\nlint reports %v", uncovered, subjects)
	}
}

// TestCoverageOpenSaMD runs on a real QMS kept without front matter (the
// OpenSaMD documents, CC BY 4.0, beside the repository): nothing is
// covered, and the claimed figure is what its own clause tables list.
func TestCoverageOpenSaMD(t *testing.T) {
	t.Parallel()
	corpus, _ := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpora", "opensamd"))
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("corpus not present")
	}
	o := run(t, "coverage", "--standard", "ISO13485", "--date", "2026-11-24", corpus)
	if o.code != ExitOK {
		t.Fatalf("exit %d: %s", o.code, o.stderr)
	}
	for _, want := range []string{"0 of 72 clauses addressed (0.0%)", "claimed in document bodies as well: 41 of 72 (56.9%)"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("missing %q in:\n%.600s", want, o.stdout)
		}
	}
	l := run(t, "lint", "--format", "json", "--date", "2026-11-24", corpus)
	if l.code != ExitFindings {
		t.Fatalf("lint: exit %d, want 1: %s", l.code, l.stderr)
	}
	for _, want := range []string{
		`"coverage.unknown-edition:docs/2-qms/capa/list-capa.md/ISO13485:2018"`,
		`"coverage.unknown-edition:docs/2-qms/sop-product-certification-and-registration.md/ISO13485:2015"`,
	} {
		if !strings.Contains(l.stdout, want) {
			t.Errorf("lint on the corpus: no finding %s", want)
		}
	}
}

// TestReferenceQMSCoverage: the shipped reference QMS covers every clause
// of both standards, and deleting its internal audit procedure uncovers
// exactly the clauses that no other document cites. The expectation is
// computed from the documents' front matter, independently of the Rego
// that computes the matrix.
func TestReferenceQMSCoverage(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../../qms")); err != nil {
		t.Fatal(err)
	}
	before := coverageOf(t, root)
	for id, st := range before {
		if st == "uncovered" {
			t.Errorf("qms/: %s is uncovered", id)
		}
	}
	const removed = "procedures/SOP-004-internal-audit.md"
	repo, err := load.Load(root, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	citedElsewhere := map[string]bool{}
	var citedByRemoved []string
	for _, d := range repo.Documents {
		cl, _ := d.Meta["clauses"].([]any)
		for _, c := range cl {
			s, _ := c.(string)
			if d.File == removed {
				citedByRemoved = append(citedByRemoved, s)
			} else {
				citedElsewhere[s] = true
			}
		}
	}
	for _, r := range repo.Registers {
		cl, _ := r.Data["clauses"].([]any)
		for _, c := range cl {
			s, _ := c.(string)
			citedElsewhere[s] = true
		}
	}
	var want []string
	for _, c := range citedByRemoved {
		if !citedElsewhere[c] && before[c] == "covered" {
			want = append(want, c)
		}
	}
	sort.Strings(want)
	if len(want) == 0 {
		t.Fatalf("%s cites no clause that only it covers; pick another document", removed)
	}
	if err := os.Remove(filepath.Join(root, removed)); err != nil {
		t.Fatal(err)
	}
	after := coverageOf(t, root)
	var lost []string
	for id, st := range after {
		if st == "uncovered" {
			lost = append(lost, id)
		}
	}
	sort.Strings(lost)
	if !slices.Equal(lost, want) {
		t.Errorf("clauses uncovered by removing %s: %v, want %v", removed, lost, want)
	}
}

// TestTableClaimsCount: testdata/coverage/claims reproduces the ways real
// QMSs claim clauses in their bodies (a clause table, a list of reference
// standards, a manual's mapping under a bold line with slash lists,
// ranges and other regulations, a Standard column, a table under a
// paragraph, ISO 27001:2023). Coverage credits exactly the clauses that
// the tables and reference lists of approved documents claim: not the
// empty mapping rows, not prose, not a draft, not a file without front
// matter; and nothing with front_matter_only.
func TestTableClaimsCount(t *testing.T) {
	t.Parallel()
	root := gitRoot(t, filepath.Join("testdata", "coverage", "claims"))
	want := []string{
		"ISO13485:4.1.6", "ISO13485:4.2.1", "ISO13485:4.2.4", "ISO13485:4.2.5",
		"ISO13485:6.1", "ISO13485:6.2", "ISO13485:7.3.2", "ISO13485:7.3.9",
		"ISO13485:7.5.1", "ISO13485:7.5.2", "ISO13485:7.5.3", "ISO13485:7.5.8",
		"ISO13485:8.5.1", "ISO13485:8.5.2", "ISO13485:8.5.3",
		"ISO27001:5.2", "ISO27001:6.2", "ISO27001:9.2.2", "ISO27001:A.8.13",
	}
	covered := func() []string {
		var out []string
		for id, st := range coverageOf(t, root) {
			if st == "covered" {
				out = append(out, id)
			}
		}
		sort.Strings(out)
		return out
	}
	if got := covered(); !slices.Equal(got, want) {
		t.Errorf("covered %v\nwant    %v", got, want)
	}
	cfg := "standards: [ISO13485:2016, ISO27001:2022]\nrules:\n  coverage.clause-uncovered:\n    front_matter_only: true\n"
	if err := os.WriteFile(filepath.Join(root, ".qmslint.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := covered(); len(got) != 0 {
		t.Errorf("with front_matter_only, covered %v, want none", got)
	}
}
