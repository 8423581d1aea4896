package render

import (
	"bytes"
	"path/filepath"
	"testing"

	goldenfile "github.com/qmslint/qmslint/internal/golden"

	"github.com/qmslint/qmslint/internal/finding"
)

func sample() []finding.Finding {
	return []finding.Finding{
		{ID: "doc.id-duplicate:POL-001", Rule: "doc.id-duplicate", Severity: "major", Clauses: []string{"ISO13485:4.2.4"}, Subject: "POL-001", File: "", Line: 0, Message: "id \"POL-001\" is used twice", Status: "open", CAPA: []string{}},
		{ID: "doc.front-matter-missing:notes.md", Rule: "doc.front-matter-missing", Severity: "minor", Clauses: []string{"ISO13485:4.2.4", "ISO27001:7.5.2"}, Subject: "notes.md", File: "notes.md", Line: 0, Message: "no front matter", Status: "open", CAPA: []string{}},
		{ID: "doc.review-overdue:SOP-001", Rule: "doc.review-overdue", Severity: "minor", Clauses: []string{"ISO13485:4.2.4"}, Subject: "SOP-001", File: "procedures/SOP-001.md", Line: 11, Column: 3, Message: "review overdue, \"ümlaut\" <kept>", Status: "tracked", CAPA: []string{"CAPA-2026-001"}},
		{ID: "parse.skipped:big.md", Rule: "parse.skipped", Severity: "observation", Clauses: []string{}, Subject: "big.md", File: "procedures/SOP-001.md", Line: 20, Column: 1, Message: "not read", Status: "open", CAPA: []string{}},
		// A column after umlauts differs in bytes and UTF-16 code units; a
		// newline in a file name or message must not split the line.
		{ID: "doc.id-duplicate:Größe", Rule: "doc.id-duplicate", Severity: "major", Clauses: []string{"ISO13485:4.2.4"}, Subject: "Größe", File: "procedures/Prüfung\nneu.md", Line: 4, Column: 19, Column16: 17, Message: "id \"Größe\" is used twice:\nsecond line", Status: "open", CAPA: []string{}},
	}
}

func golden(t *testing.T, name string, got []byte) {
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

func TestGolden(t *testing.T) {
	r := Report{Date: "2027-06-01", FailOn: "minor", Findings: sample()}
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"findings.json", func(b *bytes.Buffer) error { return JSON(b, r) }},
		{"findings.txt", func(b *bytes.Buffer) error { return Text(b, r, TextOptions{}) }},
		{"findings-color.txt", func(b *bytes.Buffer) error { return Text(b, r, TextOptions{Color: true}) }},
		{"empty.json", func(b *bytes.Buffer) error { return JSON(b, Report{Date: "2027-06-01", FailOn: "minor"}) }},
		{"empty.txt", func(b *bytes.Buffer) error {
			return Text(b, Report{Date: "2027-06-01", FailOn: "minor"}, TextOptions{})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, b.Bytes())
		})
	}
}

func TestLocation(t *testing.T) {
	for _, tt := range []struct {
		f    finding.Finding
		want string
	}{
		{finding.Finding{}, "(repository)"},
		{finding.Finding{File: "a.md"}, "a.md"},
		{finding.Finding{File: "a.md", Line: 3}, "a.md:3"},
		{finding.Finding{File: "a.md", Line: 3, Column: 7}, "a.md:3:7"},
		{finding.Finding{File: "a\nb\x1b.md", Line: 3, Column: 7}, `a\nb\x1b.md:3:7`},
	} {
		if got := Location(tt.f); got != tt.want {
			t.Errorf("Location(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestFails(t *testing.T) {
	for _, tt := range []struct {
		sev, status, threshold string
		want                   bool
	}{
		{"major", "open", "major", true},
		{"minor", "open", "major", false},
		{"observation", "open", "observation", true},
		{"major", "open", "never", false},
		{"major", "tracked", "minor", false},
		{"major", "waived", "minor", false},
		{"major", "recurring", "minor", true},
		{"major", "overdue", "minor", true},
	} {
		if got := Fails(finding.Finding{Severity: tt.sev, Status: tt.status}, tt.threshold); got != tt.want {
			t.Errorf("Fails(%s %s, %s) = %v, want %v", tt.sev, tt.status, tt.threshold, got, tt.want)
		}
	}
}
