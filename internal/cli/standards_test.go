package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/config"
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
	write("controls/acmeic.json", acmeCatalog(t))
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
