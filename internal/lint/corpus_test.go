package lint

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// writeCorpus generates a QMS of n Markdown documents plus a few registers:
// realistic front matter (approvals, review, clauses, references), bodies
// with the required sections, relative links and some prose. About one
// document in twenty has a defect (overdue review, broken reference,
// missing section, bad date) so rules have findings to produce. The same n
// always gives the same corpus.
func writeCorpus(tb testing.TB, root string, n int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	kinds := []struct{ kind, prefix, dir string }{
		{"procedure", "SOP", "procedures"}, {"work-instruction", "WI", "instructions"},
		{"form", "FRM", "forms"}, {"record", "REC", "records"}, {"policy", "POL", "policies"},
		{"plan", "PLN", "plans"},
	}
	clauses := []string{"ISO13485:4.2.4", "ISO13485:4.2.5", "ISO13485:7.3.2", "ISO13485:8.2.2", "ISO27001:7.5.2", "ISO27001:7.5.3", "ISO27001:A.8.13", "ISO27001:A.5.1"}
	id := func(i int) string { k := kinds[i%len(kinds)]; return fmt.Sprintf("%s-%05d", k.prefix, i) }
	file := func(i int) string { k := kinds[i%len(kinds)]; return fmt.Sprintf("%s/%03d/%s.md", k.dir, i/100, id(i)) }
	for i := 0; i < n; i++ {
		k := kinds[i%len(kinds)]
		defect := rng.IntN(20) == 0
		var b strings.Builder
		last := fmt.Sprintf("2026-%02d-%02d", 1+rng.IntN(12), 1+rng.IntN(28))
		if defect && i%3 == 0 {
			last = "2024-03-01"
		}
		fmt.Fprintf(&b, "---\nid: %s\nkind: %s\ntitle: %s %d of the management system\nrevision: %d\nstatus: approved\nowner: %s\n",
			id(i), k.kind, strings.ToUpper(k.kind[:1])+k.kind[1:], i, 1+rng.IntN(9), []string{"qa-manager", "ciso", "ceo", "head-of-rd"}[rng.IntN(4)])
		date := last
		if defect && i%3 == 1 {
			date = "last week"
		}
		fmt.Fprintf(&b, "approvals:\n  - {by: ann, role: QA/RA Manager, date: %s}\n  - by: bob\n    role: Chief Executive Officer\n    date: %s\n", date, last)
		fmt.Fprintf(&b, "effective: %s\nreview: {interval_months: 12, last: %s}\n", last, last)
		fmt.Fprintf(&b, "clauses: [%s, %s]\n", clauses[rng.IntN(len(clauses))], clauses[rng.IntN(len(clauses))])
		refs := []string{id(rng.IntN(n)), id(rng.IntN(n)), "RR-001"}
		if defect && i%3 == 2 {
			refs = append(refs, fmt.Sprintf("SOP-9%04d", i))
		}
		fmt.Fprintf(&b, "references: [%s]\n---\n\n# %s %d\n\n", strings.Join(refs, ", "), k.kind, i)
		// One document in five maps itself to the standard in a table, as
		// OpenRegulatory-style templates do, so claim extraction is timed.
		if i%5 == 0 {
			b.WriteString("| ISO 13485:2016 Section | Document Section |\n|---|---|\n| 4.2.4 | 2 |\n| 7.3.2 | 3 |\n\n")
			b.WriteString("This procedure also implements ISO/IEC 27001:2022 clause 7.5.3 (A.5.1).\n\n")
		}
		sections := []string{"Purpose", "Scope", "Responsibilities", "Procedure", "Records"}
		if defect && i%2 == 0 {
			sections = sections[1:]
		}
		rel, _ := filepath.Rel(filepath.Dir(file(i)), file(rng.IntN(n)))
		for j, s := range sections {
			fmt.Fprintf(&b, "## %d. %s\n\n", j+1, s)
			fmt.Fprintf(&b, "This section of %s explains the %s for the team. It refers to the\n", id(i), strings.ToLower(s))
			fmt.Fprintf(&b, "[related document](%s) and to [the risk register](/registers/risks.yaml),\n", filepath.ToSlash(rel))
			b.WriteString("with **emphasis**, `code` and a list:\n\n- first step, checked by the *owner*\n- second step, recorded on the form\n\n")
		}
		writeFile(tb, root, file(i), b.String())
	}
	var risks strings.Builder
	risks.WriteString("id: RR-001\nkind: risk-register\ntitle: Process risks\nowner: qa-manager\nrisks:\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&risks, "  - id: R-%03d\n    description: Risk %d of a process\n    likelihood: %d\n    severity: %d\n    controls: [%s]\n", i, i, 1+rng.IntN(5), 1+rng.IntN(5), id(rng.IntN(n)))
	}
	writeFile(tb, root, "registers/risks.yaml", risks.String())
	var inv strings.Builder
	inv.WriteString("id: INV-001\nkind: inventory\ntitle: Infrastructure\nowner: ciso\nsites:\n  - {id: SITE-1, provider: hoster, building: A}\n  - {id: SITE-2, provider: hoster, building: B}\nassets:\n")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&inv, "  - {id: ASSET-%03d, role: production, site: SITE-%d}\n", i, 1+i%2)
	}
	writeFile(tb, root, "registers/inventory.yaml", inv.String())
	var sup strings.Builder
	sup.WriteString("id: SUP-001\nkind: suppliers\ntitle: Approved suppliers\nowner: qa-manager\nsuppliers:\n")
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&sup, "  - {id: S-%03d, name: Supplier %d, status: approved, evaluated: 2026-02-01}\n", i, i)
	}
	writeFile(tb, root, "registers/suppliers.yaml", sup.String())
}

func TestCorpusIsRealistic(t *testing.T) {
	root := t.TempDir()
	writeCorpus(t, root, 60)
	res, err := Run(t.Context(), Options{Root: root, Date: corpusDate})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Repo.Documents) != 60 || len(res.Repo.Registers) != 3 {
		t.Fatalf("%d documents and %d registers, want 60 and 3", len(res.Repo.Documents), len(res.Repo.Registers))
	}
	rules := map[string]int{}
	docFindings := 0
	for _, f := range res.Findings {
		rules[f.Rule]++
		if strings.HasPrefix(f.Rule, "doc.") || strings.HasPrefix(f.Rule, "schema.") || strings.HasPrefix(f.Rule, "parse.") {
			docFindings++
		}
	}
	// Defects are planted in about one document in twenty (registers are
	// left to the rules that judge them).
	if docFindings == 0 || docFindings > 15 || rules["parse.error"] > 0 {
		t.Errorf("%d document findings %v; want a few and no parse error", docFindings, rules)
	}
}
