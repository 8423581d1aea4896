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
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
)

// A standard is data: a repository that enables a shipped catalog other
// than the defaults (IEC 62304), one that a policy pack adds
// (examples/internal-controls) and one the configuration names get
// coverage, claims from tables, coverage.clause-uncovered findings and a
// section of the report, with no Go that names them.

type standardCase struct {
	name, root, std, id string
	tableClaim          string // a clause claimed in a table of a body alone
	uncovered           string // a clause nothing addresses
}

func standardCases(t *testing.T) []standardCase {
	pack := gitRoot(t, filepath.Join("..", "..", "examples", "internal-controls"))
	return []standardCase{
		{"iec62304", gitRoot(t, filepath.Join("testdata", "standards", "iec62304")), "IEC62304", "IEC62304:2006+A1:2015", "IEC62304:9.1", "IEC62304:5.1.3"},
		{"internal-controls", filepath.Join(pack, "repo"), "ACMEIC", "ACMEIC:2026", "ACMEIC:1.1", "ACMEIC:3.2"},
	}
}

func TestStandardsAsData(t *testing.T) {
	for _, tc := range standardCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			o := run(t, "coverage", "--standard", tc.std, "--date", "2026-11-24", tc.root)
			if o.code != ExitOK || o.stderr != "" {
				t.Fatalf("coverage: exit %d, stderr %s", o.code, o.stderr)
			}
			golden(t, "standards/"+tc.name+".txt", o.stdout)

			var m struct {
				Standards []struct {
					ID      string
					Clauses []struct {
						ID, Status string
						Documents  []struct{ ID string }
						Claims     []struct {
							File, Form string
						}
					}
				}
			}
			o = run(t, "coverage", "--standard", tc.std, "--format", "json", "--claims", "--date", "2026-11-24", tc.root)
			if err := json.Unmarshal([]byte(o.stdout), &m); err != nil || len(m.Standards) != 1 || m.Standards[0].ID != tc.id {
				t.Fatalf("coverage json: %v, %+v", err, m.Standards)
			}
			status := map[string]string{}
			tabled := map[string]bool{}
			for _, c := range m.Standards[0].Clauses {
				status[c.ID] = c.Status
				for _, cl := range c.Claims {
					if cl.Form == "table" {
						tabled[c.ID] = true
					}
				}
			}
			if status[tc.tableClaim] != "covered" || !tabled[tc.tableClaim] {
				t.Errorf("%s: status %q, table claim %v; want covered by the table of a procedure", tc.tableClaim, status[tc.tableClaim], tabled[tc.tableClaim])
			}
			if status[tc.uncovered] != "uncovered" {
				t.Errorf("%s: status %q, want uncovered", tc.uncovered, status[tc.uncovered])
			}

			o = run(t, "lint", "--format", "json", "--date", "2026-11-24", tc.root)
			if o.code != ExitFindings {
				t.Fatalf("lint: exit %d, stderr %s", o.code, o.stderr)
			}
			if want := `"coverage.clause-uncovered:` + tc.uncovered + `"`; !strings.Contains(o.stdout, want) {
				t.Errorf("lint: no finding %s", want)
			}
			if bad := `"coverage.clause-uncovered:` + tc.tableClaim + `"`; strings.Contains(o.stdout, bad) {
				t.Errorf("lint: %s although a table claims it", bad)
			}
			// A condition the standard's catalog defines is one the
			// quality manual may declare (internal-controls declares
			// emergency-changes): neither the schema nor the rules
			// refuse it.
			if strings.Contains(o.stdout, ".condition") || strings.Contains(o.stdout, "is not one qmslint knows") {
				t.Errorf("lint: the catalog's condition refused\n%s", o.stdout)
			}

			out := filepath.Join(t.TempDir(), "report.md")
			o = run(t, "report", "--format", "markdown", "--date", "2026-11-24", "--out", out, tc.root)
			if o.code != ExitOK {
				t.Fatalf("report: exit %d, stderr %s", o.code, o.stderr)
			}
			b, _ := os.ReadFile(out)
			if !strings.Contains(string(b), "\n### "+catalogName(t, tc.root, tc.id)+"\n") {
				t.Errorf("report has no section for %s:\n%s", tc.id, b)
			}
		})
	}
}

// TestCatalogInConfig adds a standard through catalogs: in .qmslint.yaml,
// without a pack, and refuses a catalog outside the repository.
func TestCatalogInConfig(t *testing.T) {
	root := gitRoot(t, filepath.Join("testdata", "standards", "iec62304"))
	if err := os.MkdirAll(filepath.Join(root, "controls"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(root, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("controls/acmeic.json", catalogtest.Raw(t))
	write(".qmslint.yaml", "catalogs: [controls/acmeic.json]\nstandards: [ACMEIC:2026]\n")
	write("procedures/SOP-012-access.md", "---\nid: SOP-012\nkind: procedure\ntitle: Access\nrevision: 1\nstatus: approved\nowner: IT\n---\n\n# Access\n\n| Standard | Control | Section |\n| --- | --- | --- |\n| ACME IC | 1.1 | 2. Review |\n")
	o := run(t, "coverage", "--format", "json", "--date", "2026-11-24", root)
	if o.code != ExitOK || !strings.Contains(o.stdout, `"id": "ACMEIC:1.1"`) || !strings.Contains(o.stdout, `"ACMEIC:2026"`) {
		t.Fatalf("coverage: exit %d\n%s\n%s", o.code, o.stdout, o.stderr)
	}
	o = run(t, "lint", "--format", "json", "--date", "2026-11-24", root)
	if !strings.Contains(o.stdout, "coverage.clause-uncovered:ACMEIC:3.2") || strings.Contains(o.stdout, "coverage.clause-uncovered:ACMEIC:1.1\"") {
		t.Errorf("lint: want ACMEIC:3.2 uncovered and 1.1 claimed\n%s%s", o.stdout, o.stderr)
	}

	write(".qmslint.yaml", "catalogs: [../outside.json]\n")
	o = run(t, "lint", root)
	if o.code != ExitUsage || !strings.Contains(o.stderr, `"../outside.json" is outside the repository`) {
		t.Errorf("catalog outside the repository: exit %d, stderr %q", o.code, o.stderr)
	}
	write(".qmslint.yaml", "catalogs: [controls/acmeic.json]\nstandards: [ACMEIC:2027]\n")
	o = run(t, "lint", root)
	if o.code != ExitUsage || !strings.Contains(o.stderr, `unknown standard "ACMEIC:2027"`) {
		t.Errorf("unknown edition: exit %d, stderr %q", o.code, o.stderr)
	}
}

// catalogName is the name the catalog gives itself, which heads its
// section of the report, as the repository's configuration knows it.
func catalogName(t *testing.T, root, id string) string {
	t.Helper()
	cfg, err := config.Load(root, "")
	if err != nil {
		t.Fatal(err)
	}
	c, ok := cfg.Known.ByStandard(id)
	if !ok {
		t.Fatalf("no catalog %s", id)
	}
	return c.Name
}

// TestFindingsNameTheRepositorysStandards: a finding, the rules in force
// and the report name the clauses of the standards the repository is
// assessed against, not every clause a rule enforces anywhere; a rule
// none of whose clauses is of those standards keeps them all.
func TestFindingsNameTheRepositorysStandards(t *testing.T) {
	both := []string{"ISO13485:4.2.4", "ISO27001:7.5.3"}
	for _, tc := range []struct {
		name, config string
		want         []string // doc.not-approved's clauses
	}{
		{"iso13485", "standards: [ISO13485:2016]\n", []string{"ISO13485:4.2.4"}},
		{"iso27001", "standards: [ISO27001:2022]\n", []string{"ISO27001:7.5.3"}},
		{"both", "standards: [ISO13485:2016, ISO27001:2022]\n", both},
		{"neither", "catalogs: [controls/acmeic.json]\nstandards: [ACMEIC:2026]\n", both},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeFile(t, filepath.Join(root, ".qmslint.yaml"), tc.config)
			writeFile(t, filepath.Join(root, "controls", "acmeic.json"), catalogtest.Raw(t))
			writeFile(t, filepath.Join(root, "procedures", "SOP-001.md"), "---\nid: SOP-001\nkind: procedure\ntitle: Backups\nrevision: 1\nstatus: approved\nowner: IT\nclauses: [ISO13485:4.2.4]\n---\n\n# Backups\n")
			o := run(t, "lint", "--format", "json", "--date", "2026-11-24", root)
			if o.code != ExitFindings {
				t.Fatalf("lint: exit %d, stderr %s", o.code, o.stderr)
			}
			var lint struct {
				Findings []struct {
					Rule    string
					Clauses []string
				}
			}
			if err := json.Unmarshal([]byte(o.stdout), &lint); err != nil {
				t.Fatal(err)
			}
			seen := false
			for _, f := range lint.Findings {
				if f.Rule == "doc.not-approved" {
					seen = true
					if !slices.Equal(f.Clauses, tc.want) {
						t.Errorf("lint: doc.not-approved names %v, want %v", f.Clauses, tc.want)
					}
				}
				if len(f.Clauses) == 0 {
					t.Errorf("lint: %s names no clause", f.Rule)
				}
			}
			if !seen {
				t.Fatalf("lint: no doc.not-approved finding\n%s", o.stdout)
			}

			o = run(t, "rules", "--format", "json", root)
			var rules []struct {
				ID      string
				Clauses []string
			}
			if err := json.Unmarshal([]byte(o.stdout), &rules); err != nil {
				t.Fatalf("rules: %v\n%s", err, o.stdout)
			}
			for _, r := range rules {
				if r.ID == "doc.not-approved" && !slices.Equal(r.Clauses, tc.want) {
					t.Errorf("rules: doc.not-approved names %v, want %v", r.Clauses, tc.want)
				}
			}

			o = run(t, "lint", "--format", "sarif", "--date", "2026-11-24", root)
			if got, want := sarifTags(t, o, "doc.not-approved"), append(slices.Clone(tc.want), "qms"); !slices.Equal(got, want) {
				t.Errorf("sarif: doc.not-approved tagged %v, want %v", got, want)
			}

			out := filepath.Join(t.TempDir(), "report.json")
			if o = run(t, "report", "--format", "json", "--date", "2026-11-24", "--out", out, root); o.code != ExitOK {
				t.Fatalf("report: exit %d, stderr %s", o.code, o.stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var rep struct {
				Findings []struct {
					Clause string
					Rules  []struct{ Rule string }
				}
			}
			if err := json.Unmarshal(b, &rep); err != nil {
				t.Fatal(err)
			}
			for _, g := range rep.Findings {
				for _, r := range g.Rules {
					if r.Rule == "doc.not-approved" && g.Clause != tc.want[0] {
						t.Errorf("report: doc.not-approved filed under %q, want %s", g.Clause, tc.want[0])
					}
				}
			}
		})
	}
}

// TestRulesFromTheCacheKeepEveryClause: the rules' metadata a warm
// comparison takes from the cache is kept by the policies alone, so one
// repository's standards do not narrow another's.
func TestRulesFromTheCacheKeepEveryClause(t *testing.T) {
	env := map[string]string{"XDG_CACHE_HOME": t.TempDir()}
	sop := "---\nid: SOP-001\nkind: procedure\ntitle: Backups\nrevision: %d\nstatus: approved\nowner: IT\nclauses: [ISO13485:4.2.4]\n---\n\n# Backups\n"
	repo := func(config string) string {
		g := gittest.New(t)
		g.Commit("2026-11-01", "seed", map[string]string{".qmslint.yaml": config, "procedures/SOP-001.md": fmt.Sprintf(sop, 1)})
		g.Commit("2026-11-02", "revised", map[string]string{"procedures/SOP-001.md": fmt.Sprintf(sop, 2)})
		return g.Dir
	}
	// The SARIF tags of doc.required-section-missing in a review of dir.
	tags := func(dir string) []string {
		t.Helper()
		o := runEnv(t, env, "review", "--base", "HEAD~1", "--format", "sarif", "--date", "2026-11-24", dir)
		return sarifTags(t, o, "doc.required-section-missing")
	}
	only13485, both := repo("standards: [ISO13485:2016]\n"), repo("standards: [ISO13485:2016, ISO27001:2022]\n")
	want := []string{"ISO13485:4.2.1", "ISO13485:4.2.4", "ISO27001:7.5.2", "qms"}
	if got := tags(both); !slices.Equal(got, want) {
		t.Errorf("both standards, cold: tags %v, want %v", got, want)
	}
	// Cold, then warm: the sides and the rules kept last are this
	// repository's.
	for _, what := range []string{"cold", "warm"} {
		if got, want := tags(only13485), []string{"ISO13485:4.2.1", "ISO13485:4.2.4", "qms"}; !slices.Equal(got, want) {
			t.Errorf("ISO 13485 alone, %s: tags %v, want %v", what, got, want)
		}
	}
	if got := tags(both); !slices.Equal(got, want) {
		t.Errorf("both standards, warm, after a repository of ISO 13485 alone: tags %v, want %v", got, want)
	}
}

// sarifTags are the tags of rule's descriptor in the SARIF log o printed;
// nil when the log does not describe the rule.
func sarifTags(t *testing.T, o outcome, rule string) []string {
	t.Helper()
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string
						Properties struct{ Tags []string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(o.stdout), &sarif); err != nil || len(sarif.Runs) != 1 {
		t.Fatalf("not one run of SARIF (exit %d, %v):\n%s", o.code, err, o.stderr)
	}
	for _, r := range sarif.Runs[0].Tool.Driver.Rules {
		if r.ID == rule {
			return r.Properties.Tags
		}
	}
	return nil
}
