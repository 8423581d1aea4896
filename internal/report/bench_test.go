package report

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/lint"
)

const benchDocs = 10_000

var (
	benchOnce  sync.Once
	benchInput Input
)

// largeInput lints a generated repository of 10,000 documents once; the
// benchmarks then time the report alone (lint has its own benchmark).
func largeInput(b *testing.B) Input {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "qmslint-report-bench-")
		if err != nil {
			b.Fatal(err)
		}
		defer os.RemoveAll(dir)
		writeLarge(b, dir, benchDocs)
		day := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
		ctx := context.Background()
		res, err := lint.Run(ctx, lint.Options{Root: dir, Date: day, Timeout: 5 * time.Minute})
		if err != nil {
			b.Fatal(err)
		}
		cov, err := res.Coverage(ctx)
		if err != nil {
			b.Fatal(err)
		}
		res.Root = "large"
		benchInput = Input{Lint: &res.Outcome, Coverage: cov, Version: "bench"}
	})
	return benchInput
}

// BenchmarkReport builds the report of 10,000 documents and renders it in
// each format: go test -run '^$' -bench Report -benchtime 5x ./internal/report
func BenchmarkReport(b *testing.B) {
	in := largeInput(b)
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			Build(in)
		}
		b.ReportMetric(float64(len(in.Lint.Findings)), "findings")
		b.ReportMetric(float64(len(in.Lint.Repo.Documents)), "documents")
	})
	r := Build(in)
	for _, f := range []struct {
		name   string
		render func(io.Writer, *Report) error
	}{{"html", HTML}, {"markdown", Markdown}, {"json", JSON}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				if err := f.render(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("build+html", func(b *testing.B) {
		for b.Loop() {
			if err := HTML(io.Discard, Build(in)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// writeLarge generates n controlled documents, a risk register of 500
// risks, an inventory of 1,000 assets and 50 CAPAs. About one document in
// twenty has a defect, so the report has findings in every section.
func writeLarge(tb testing.TB, root string, n int) {
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	kinds := []struct{ kind, prefix, dir string }{
		{"procedure", "SOP", "procedures"}, {"work-instruction", "WI", "instructions"},
		{"form", "FRM", "forms"}, {"record", "REC", "records"}, {"policy", "POL", "policies"},
	}
	clauses := []string{"ISO13485:4.2.4", "ISO13485:4.2.5", "ISO13485:7.3.2", "ISO13485:8.2.2", "ISO27001:7.5.2", "ISO27001:A.8.13", "ISO27001:A.5.1"}
	id := func(i int) string { return fmt.Sprintf("%s-%05d", kinds[i%len(kinds)].prefix, i) }
	for i := 0; i < n; i++ {
		k := kinds[i%len(kinds)]
		last := fmt.Sprintf("2026-%02d-%02d", 1+rng.IntN(12), 1+rng.IntN(28))
		if rng.IntN(20) == 0 {
			last = "2024-03-01"
		}
		refs := id(rng.IntN(n))
		if rng.IntN(20) == 0 {
			refs += fmt.Sprintf(", SOP-9%04d", i)
		}
		body := fmt.Sprintf("---\nid: %s\nkind: %s\ntitle: %s %d of the management system\nrevision: %d\nstatus: approved\nowner: qa-manager\n"+
			"approvals:\n  - {by: Ann Lee, role: QA/RA Manager, date: %s}\neffective: %s\nreview: {interval_months: 12, last: %s}\n"+
			"clauses: [%s]\nreferences: [%s]\n---\n\n# %s\n\n## 1. Purpose\n\nWhy.\n\n## 2. Scope\n\nWhat.\n\n## 3. Responsibilities\n\nWho.\n\n## 4. Procedure\n\nHow.\n\n## 5. Records\n\nWhere.\n",
			id(i), k.kind, k.kind, i, 1+rng.IntN(9), last, last, last, clauses[rng.IntN(len(clauses))], refs, id(i))
		writeFile(tb, root, fmt.Sprintf("%s/%03d/%s.md", k.dir, i/100, id(i)), body)
	}
	var risks strings.Builder
	risks.WriteString("id: RR-001\nkind: risk-register\ntitle: Process risks\nowner: qa-manager\nacceptance: 8\nrisks:\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&risks, "  - id: R-%03d\n    description: Risk %d of a process\n    likelihood: %d\n    severity: %d\n    residual: {likelihood: %d, severity: %d}\n",
			i, i, 1+rng.IntN(5), 1+rng.IntN(5), 1+rng.IntN(3), 1+rng.IntN(5))
	}
	writeFile(tb, root, "registers/risks.yaml", risks.String())
	var inv strings.Builder
	inv.WriteString("id: INV-001\nkind: inventory\ntitle: Infrastructure\nowner: ciso\nsites:\n")
	for s := 0; s < 50; s++ {
		fmt.Fprintf(&inv, "  - {id: S-%02d, provider: p%d, campus: c%d, building: b%02d}\n", s, s%5, s%10, s)
	}
	inv.WriteString("assets:\n")
	for a := 0; a < 250; a++ {
		fmt.Fprintf(&inv, "  - {id: prod-%03d, role: production, site: S-%02d}\n", a, a%50)
		fmt.Fprintf(&inv, "  - {id: bk-%03d, role: backup, site: S-%02d, backs_up: [prod-%03d]}\n", a, (a+a%3)%50, a)
		fmt.Fprintf(&inv, "  - {id: bk2-%03d, role: backup, site: S-%02d, backs_up: [prod-%03d]}\n", a, (a+7)%50, a)
		fmt.Fprintf(&inv, "  - {id: mon-%03d, role: monitoring, site: S-%02d}\n", a, (a+11)%50)
	}
	writeFile(tb, root, "registers/inventory.yaml", inv.String())
	for c := 1; c <= 50; c++ {
		writeFile(tb, root, fmt.Sprintf("capa/CAPA-2026-%03d.md", c), fmt.Sprintf("---\nid: CAPA-2026-%03d\nkind: capa\ntitle: Corrective action %d\nstatus: open\nopened: 2026-06-01\nsource: internal-audit\nowner: qa-manager\n"+
			"findings: [doc.review-overdue:%s]\nroot_cause: Reviews were not planned.\nactions:\n  - {id: A1, type: corrective, description: Plan the reviews., owner: qa-manager, due: 2026-%02d-15}\n"+
			"effectiveness: {method: No overdue review at the next audit., due: 2027-03-01}\n---\n\n# CAPA %d\n", c, c, id(c*97%n), 7+c%6, c))
	}
}

func writeFile(tb testing.TB, root, rel, content string) {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}
