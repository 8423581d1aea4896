package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestTrainingMatrixAndAuditProgramme: on a copy of the reference QMS with
// one training record removed, a new operator and an audit dropped, the
// matrix shows each state and the programme the clauses left unaudited.
func TestTrainingMatrixAndAuditProgramme(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../../qms")); err != nil {
		t.Fatal(err)
	}
	edit := func(file, old, new string) {
		t.Helper()
		p := filepath.Join(root, file)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s no longer holds %q", file, old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("logs/training-records.yaml", "document: SOP-013, revision: 6, people: [sokafor, lnovak, malbers, ekaya]", "document: SOP-013, revision: 6, people: [sokafor, lnovak, ekaya]")
	edit("registers/people.yaml", "  - id: hlenz\n", "  - {id: newop, name: New Operator, roles: [{role: operator, from: 2026-12-20}]}\n  - id: hlenz\n")
	edit("registers/audit-programme.yaml", "      clauses: [ISO13485:6.4, ISO27001:A.7]\n      documents: [SOP-023]\n", "      clauses: [ISO27001:A.7]\n")
	// Past the 30 days of SOP-013 revision 6, within New Operator's.
	r := build(t, root, "2027-01-05")

	cell := func(person, doc string) TrainingCell {
		t.Helper()
		i := slices.IndexFunc(r.Training.Documents, func(d TrainingDocument) bool { return d.ID == doc })
		for _, p := range r.Training.People {
			if p.ID == person && i >= 0 {
				return p.Cells[i]
			}
		}
		t.Fatalf("no cell %s × %s in %+v", person, doc, r.Training)
		return TrainingCell{}
	}
	for _, c := range []struct {
		person, doc string
		want        TrainingCell
	}{
		{"malbers", "SOP-013", TrainingCell{State: Untrained}},
		{"malbers", "SOP-010", TrainingCell{State: Trained, Date: "2026-11-23"}},
		{"newop", "SOP-010", TrainingCell{State: Due}},
		{"jbrandt", "SOP-010", TrainingCell{State: NotRequired}},
	} {
		if got := cell(c.person, c.doc); got != c.want {
			t.Errorf("%s × %s = %+v, want %+v", c.person, c.doc, got, c.want)
		}
	}
	if slices.ContainsFunc(r.Training.People, func(p TrainingRow) bool { return p.ID == "mlindqvist" }) {
		t.Error("the CEO holds no role with a training duty but is in the matrix")
	}

	if len(r.Audits) != 1 {
		t.Fatalf("audit programmes: %+v", r.Audits)
	}
	ap := r.Audits[0]
	if ap.CycleStart != "2026-01-01" || ap.CycleEnd != "2028-12-31" {
		t.Errorf("cycle %s to %s", ap.CycleStart, ap.CycleEnd)
	}
	// SOP-023, no longer in scope, was what reached ISO 27001 7.1.
	if !slices.Equal(ap.Unaudited, []string{"ISO13485:6.4", "ISO27001:7.1"}) {
		t.Errorf("unaudited %v, want [ISO13485:6.4 ISO27001:7.1]", ap.Unaudited)
	}
	if len(ap.Audits) != 8 || ap.Audits[0].ID != "IA-2026-01" || ap.Audits[0].Report != "REC-004" {
		t.Errorf("audits %+v", ap.Audits)
	}
	// The grid: one cycle, each clause and process with the audits that
	// reached it; the dropped scope leaves 6.4 unaudited in it.
	if len(ap.Grid.Cycles) != 1 || !ap.Grid.Cycles[0].Current || ap.Grid.Cycles[0].End != "2028-12-31" {
		t.Errorf("grid cycles %+v", ap.Grid.Cycles)
	}
	gridRow := func(id string) AuditRow {
		t.Helper()
		for _, row := range ap.Grid.Rows {
			if row.ID == id {
				return row
			}
		}
		t.Fatalf("no grid row %s", id)
		return AuditRow{}
	}
	if row := gridRow("ISO13485:6.4"); !row.Unaudited || len(row.Cells[0]) != 0 {
		t.Errorf("6.4 row %+v, want unaudited with no audit", row)
	}
	if row := gridRow("ISO13485:4.2"); row.Unaudited || len(row.Cells[0]) != 1 || row.Cells[0][0] != (AuditMark{ID: "IA-2026-01", Date: "2026-02-18", Status: "done"}) {
		t.Errorf("4.2 row %+v, want IA-2026-01 only", row)
	}
	if row := gridRow("Risk management"); row.Kind != "process" || len(row.Cells[0]) != 1 || row.Cells[0][0].ID != "IA-2027-02" {
		t.Errorf("risk management row %+v", row)
	}
	html, md, _ := render(t, r)
	if !strings.Contains(string(md), "| ISO13485:6.4 Work environment and contamination control | NOT AUDITED |") {
		t.Error("the Markdown grid does not show 6.4 as not audited")
	}
	if !strings.Contains(string(html), `<tr data-kind="clause" data-row="ISO13485:6.4">`) || !strings.Contains(string(html), `<span class="badge cov-uncovered">not audited</span>`) {
		t.Error("the HTML grid does not show 6.4 as not audited")
	}
	for _, want := range []string{"New Operator", "missing", "Not audited in this cycle: ISO13485:6.4, ISO27001:7.1"} {
		if !strings.Contains(string(html), want) || !strings.Contains(string(md), strings.ReplaceAll(want, "missing", "MISSING")) {
			t.Errorf("HTML or Markdown lacks %q", want)
		}
	}
}

func TestCycleOn(t *testing.T) {
	for _, c := range []struct{ start, date, from, to string }{
		{"2026-01-01", "2026-11-24", "2026-01-01", "2028-12-31"},
		{"2026-01-01", "2029-01-01", "2029-01-01", "2031-12-31"},
		{"2026-01-01", "2025-06-01", "2026-01-01", "2028-12-31"},
	} {
		from, to := cycleOn(c.start, 36, c.date)
		if from != c.from || to != c.to {
			t.Errorf("cycleOn(%s, 36, %s) = %s, %s; want %s, %s", c.start, c.date, from, to, c.from, c.to)
		}
	}
	if from, _ := cycleOn("not a date", 12, "2026-01-01"); from != "" {
		t.Errorf("unreadable start gave %q", from)
	}
}
