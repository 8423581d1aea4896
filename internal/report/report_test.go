package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/catalog/catalogtest"
	goldenfile "github.com/qmslint/qmslint/internal/golden"

	"github.com/qmslint/qmslint/internal/coverage"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/load"
)

// fixtures are the repositories the report is pinned on, each as of a day
// that tells its story: the reference QMS with its CAPAs, and the
// datacenter-fire example the day before the fire.
var fixtures = []struct {
	name, root, date string
}{
	{"qms", "../../qms", "2026-12-15"},
	{"before", "../../examples/datacenter-fire/before", "2026-03-09"},
}

// build returns the report of root as of date, built once per package
// run: the golden, HTML, key risk and hash tests read the same two
// reports, and linting a fixture under -race takes seconds each time.
// Callers must not change it.
func build(t testing.TB, root, date string) *Report {
	t.Helper()
	v, _ := builds.LoadOrStore(root+"@"+date, &built{})
	b := v.(*built)
	b.once.Do(func() {
		res, cov, skip := lintAndCoverErr(root, date)
		if skip != "" || res == nil {
			b.skip, b.err = skip, cov.err
			return
		}
		// The root is printed on the cover as given; pin it so the golden
		// files do not depend on where the test runs from.
		res.Root = filepath.Base(root)
		b.report = Build(Input{Lint: &res.Outcome, Coverage: cov.report, Version: "test"})
	})
	switch {
	case b.skip != "":
		t.Skip(b.skip)
	case b.err != nil:
		t.Fatal(b.err)
	}
	return b.report
}

var builds sync.Map // root@date → *built

type built struct {
	once   sync.Once
	report *Report
	skip   string
	err    error
}

type covered struct {
	report *coverage.Report
	err    error
}

// lintAndCoverErr is lintAndCover without a test to fail: skip says why
// the fixture is not there.
func lintAndCoverErr(root, date string) (*lint.Result, covered, string) {
	if _, err := os.Stat(root); err != nil {
		return nil, covered{}, root + " is not in this checkout"
	}
	d, _ := time.Parse(dateLayout, date)
	ctx := context.Background()
	res, err := lint.Run(ctx, lint.Options{Root: root, Date: d})
	if err != nil {
		return nil, covered{err: err}, ""
	}
	cov, err := res.Coverage(ctx)
	if err != nil {
		return nil, covered{err: err}, ""
	}
	return res, covered{report: cov}, ""
}

func render(t testing.TB, r *Report) (html, md, js []byte) {
	t.Helper()
	var h, m, j bytes.Buffer
	if err := HTML(&h, r); err != nil {
		t.Fatal(err)
	}
	if err := Markdown(&m, r); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&j, r); err != nil {
		t.Fatal(err)
	}
	return h.Bytes(), m.Bytes(), j.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			_, md, js := render(t, build(t, fx.root, fx.date))
			golden(t, fx.name+".md", md)
			golden(t, fx.name+".json", js)
		})
	}
}

// Every section is present and not empty, every finding and CAPA is
// there, and nothing needs a script or the network.
func TestHTML(t *testing.T) {
	t.Parallel()
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			r := build(t, fx.root, fx.date)
			html, _, _ := render(t, r)
			page := string(html)
			for _, id := range []string{"summary", "coverage", "soa", "findings", "capa", "documents", "risks", "infrastructure", "training", "audits", "rules"} {
				re := regexp.MustCompile(`(?s)<section id="` + id + `"[^>]*>\s*<h2>[^<]+</h2>\s*(.{20})`)
				if !re.MatchString(page) {
					t.Errorf("section %q is missing or empty", id)
				}
			}
			for _, g := range r.Findings {
				for _, b := range g.Rules {
					for _, f := range b.Findings {
						if !strings.Contains(page, `id="f-`+f.ID+`"`) {
							t.Errorf("finding %s is not in the HTML", f.ID)
						}
					}
				}
			}
			for _, c := range r.CAPAs {
				if !strings.Contains(page, `id="capa-`+c.ID+`"`) {
					t.Errorf("CAPA %s is not in the HTML", c.ID)
				}
			}
			for _, bad := range []string{"<script", "http://", "https://", "url(", "@import", "<link", "<img", "<iframe"} {
				if strings.Contains(strings.ToLower(page), bad) {
					t.Errorf("HTML contains %q: the report must be self-contained", bad)
				}
			}
		})
	}
}

// The datacenter-fire report names the co-located backup and the missing
// DR scenario in its key risks, before anything else on the page.
func TestKeyRisksBefore(t *testing.T) {
	t.Parallel()
	r := build(t, fixtures[1].root, fixtures[1].date)
	var rules []string
	for _, k := range r.Summary.KeyRisks {
		rules = append(rules, k.Rule)
	}
	for _, want := range []string{"infra.backup-shares-building", "infra.dr-scenario-missing"} {
		if !slices.Contains(rules, want) {
			t.Errorf("key risks %q lack %s", rules, want)
		}
	}
	html, md, _ := render(t, r)
	page := string(html)
	box := page[strings.Index(page, `class="keyrisks`):strings.Index(page, `class="tiles"`)]
	for _, want := range []string{"Backup in the same building", "bk-1/p-1", "No disaster recovery scenario", "sxb-1, sxb-2"} {
		if !strings.Contains(box, want) {
			t.Errorf("key risks box lacks %q", want)
		}
		if i := strings.Index(string(md), want); i < 0 || i > strings.Index(string(md), "## Clause coverage") {
			t.Errorf("Markdown does not name %q before the coverage section", want)
		}
	}
	if !strings.Contains(page, `class="asset role-backup colocated"><strong>bk-1</strong>`) {
		t.Error("bk-1 is not marked as sharing its building with what it backs up")
	}
}

// lintAndCover lints root and computes its coverage as of date, skipping
// when the fixture is not in this checkout.
func lintAndCover(t testing.TB, root, date string) (*lint.Result, *coverage.Report) {
	t.Helper()
	res, cov, skip := lintAndCoverErr(root, date)
	switch {
	case skip != "":
		t.Skip(skip)
	case cov.err != nil:
		t.Fatal(cov.err)
	}
	return res, cov.report
}

// The same inputs give the same bytes, whatever order the pipeline
// handed findings, documents and registers over in.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	res, cov := lintAndCover(t, fixtures[0].root, fixtures[0].date)
	h1, m1, j1 := render(t, Build(Input{Lint: &res.Outcome, Coverage: cov, Version: "test"}))
	slices.Reverse(res.Findings)
	slices.Reverse(res.Repo.Documents)
	slices.Reverse(res.Repo.Registers)
	slices.Reverse(res.Repo.Files)
	slices.Reverse(res.Rules)
	h2, m2, j2 := render(t, Build(Input{Lint: &res.Outcome, Coverage: cov, Version: "test"}))
	for _, c := range []struct {
		name string
		a, b []byte
	}{{"html", h1, h2}, {"markdown", m1, m2}, {"json", j1, j2}} {
		if !bytes.Equal(c.a, c.b) {
			t.Errorf("%s differs when the inputs come in another order:\n%s", c.name, goldenfile.FirstDiff(string(c.a), string(c.b)))
		}
	}
}

// The inputs hash is what `sha256sum` over the files, sorted by path,
// hashes to: anyone can recompute it from a checkout.
func TestInputsHashIsReproducible(t *testing.T) {
	t.Parallel()
	root := fixtures[1].root
	r := build(t, root, fixtures[1].date)
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		ext := filepath.Ext(p)
		if !d.IsDir() && (ext == ".md" || ext == ".yaml" || ext == ".json") && !strings.HasPrefix(d.Name(), ".qmslint") && !slices.Contains(load.DefaultIgnore, "**/"+d.Name()) {
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%x  %s\n", sha256.Sum256(b), f)
	}
	if want := fmt.Sprintf("%x", h.Sum(nil)); r.Cover.InputsSHA256 != want || r.Cover.Files != len(files) {
		t.Errorf("inputs hash %s over %d files, want %s over %d", r.Cover.InputsSHA256, r.Cover.Files, want, len(files))
	}
}

// The report carries a strict Content-Security-Policy, and the hash it
// allows is the hash of its one style sheet, so the page still renders.
func TestHTMLContentSecurityPolicy(t *testing.T) {
	raw, _, _ := render(t, build(t, fixtures[0].root, fixtures[0].date))
	page := string(raw)
	m := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no Content-Security-Policy meta tag")
	}
	policy := html.UnescapeString(m[1])
	if !strings.Contains(policy, "default-src 'none'") {
		t.Errorf("policy %q does not start from default-src 'none'", policy)
	}
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(page)
	if style == nil {
		t.Fatal("no style sheet")
	}
	sum := sha256.Sum256([]byte(style[1]))
	if want := "style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(policy, want) {
		t.Errorf("policy %q does not allow the page's style sheet (%s)", policy, want)
	}
}

// TestClauseLabelsCiteTheCatalogs: a clause is labelled with its standard
// as documents cite it, from the run's catalogs, for a standard a
// repository adds as for the shipped ones; an id of no catalog keeps its
// prefix.
func TestClauseLabelsCiteTheCatalogs(t *testing.T) {
	r := &Report{citedAs: citedAs(catalogtest.Set(t))}
	for id, want := range map[string]string{
		"ISO27001:A.8.13": "ISO/IEC 27001 A.8.13",
		"ISO13485:4.2.4":  "ISO 13485 4.2.4",
		"IEC62304:5.1.3":  "IEC 62304 5.1.3",
		"ACMEIC:3.2":      "ACME IC 3.2",
		"XYZ:1.2":         "XYZ 1.2",
		"":                "",
	} {
		if got := r.clauseLabel(id); got != want {
			t.Errorf("clauseLabel(%q) = %q, want %q", id, got, want)
		}
	}
	// A report not made by Build names the shipped catalogs' standards.
	if got := (&Report{}).clauseLabel("ISO27001:A.8.13"); got != "ISO/IEC 27001 A.8.13" {
		t.Errorf("without Build: %q", got)
	}
}
