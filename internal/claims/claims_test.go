package claims_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/claims"
	"github.com/qmslint/qmslint/internal/model"
)

// short renders a claim as "line standard:edition clause source [na]
// [@form]", the form when it is not prose.
func short(c model.Claim) string {
	s := fmt.Sprintf("%d %s:%s %s %s", c.Line, c.Standard, c.Edition, c.Clause, c.Source)
	if c.Adoption != "" {
		s += " " + c.Adoption
	}
	if c.NotApplicable {
		s += " na"
	}
	if c.Form != model.FormText {
		s += " @" + c.Form
	}
	return s
}

// matcher finds the standards of a repository without .qmslint.yaml.
var matcher = newMatcher(catalog.Defaults()...)

func newMatcher(ids ...string) *claims.Matcher {
	var stds []claims.Standard
	for _, id := range ids {
		c, _ := catalog.ByStandard(id)
		stds = append(stds, claims.Standard{ID: c.Standard, Publishers: c.Names.Publishers, Designation: c.Names.Designation})
	}
	return claims.NewMatcher(stds, catalog.Known)
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"openregulatory table", `# CAPA

| ISO 13485:2016 Section | Document Section |
| ---------------------- | ---------------- |
| 8.5.2                  | (All)            |
| 4.2.1 b), 8.5.3        | 2.               |
`, []string{"3 ISO13485:2016  mention", "5 ISO13485:2016 8.5.2 table @table", "6 ISO13485:2016 4.2.1 table @table", "6 ISO13485:2016 8.5.3 table @table"}},
		{"table of another standard", `| IEC 62304:2006 Section | Document Section |
| --- | --- |
| 5.1.1 (4.2) | 1 |
`, nil},
		{"mapping table under a heading", `## ISO/IEC 27001:2022 Annex A

| Control | Document |
| --- | --- |
| A.8.13 | Backup procedure |
| A.5.7 | - not applicable - |
| A.12.3.1 | old numbering |
`, []string{"1 ISO27001:2022  mention", "5 ISO27001:2022 A.8.13 table @table", "6 ISO27001:2022 A.5.7 table na @table"}},
		{"a Section column needs the standard in the heading", `## Document history

| Section | Change |
| --- | --- |
| 4.2 | reworded |
`, nil},
		{"reference with a list of sections", "Applies ISO 13485:2016 Sections 5.6.2 and 7.3.3; see also ISO 13485, para. 6.2.\n",
			[]string{"1 ISO13485:2016  mention", "1 ISO13485:2016 5.6.2 reference", "1 ISO13485:2016 7.3.3 reference", "1 ISO13485: 6.2 reference"}},
		{"clause word, section sign and parenthesis", "Under ISO 27001 the audit follows clause 9.2, the review §9.3 and the programme (9.2.2).\n",
			[]string{"1 ISO27001: 9.2 clause", "1 ISO27001: 9.3 section-sign", "1 ISO27001: 9.2.2 parenthesis"}},
		{"clause named before the standard", "Clause 4.2.4 of ISO 13485 asks for it.\n", []string{"1 ISO13485: 4.2.4 clause"}},
		{"context from the paragraph", "This follows ISO 13485:2016.\nRecords are kept (4.2.5).\n\nVersion (4.2.5) of the tool.\n",
			[]string{"1 ISO13485:2016  mention", "2 ISO13485:2016 4.2.5 parenthesis"}},
		{"another standard takes over", "ISO 13485 and IEC 62304 both apply (5.1.1) and (7.3.2).\n", nil},
		{"version numbers in prose", "We use Go 1.26.8 (1.2.3) and tablewriter 4.2.\n", nil},
		{"bare number after the name", "ISO 13485:2016 7 days after release.\n", []string{"1 ISO13485:2016  mention"}},
		{"qmslint ids in prose", "Cited as ISO13485:4.2.4 and ISO27001:A.8.13.\n",
			[]string{"1 ISO13485: 4.2.4 reference", "1 ISO27001: A.8.13 reference"}},
		{"editions that do not exist, and regional adoptions", "ISO 13485:2018, EN ISO 13485:2012 and ISO/IEC 27001:2023.\n",
			[]string{"1 ISO13485:2018  mention", "1 ISO13485:2012  mention EN", "1 ISO27001:2023  mention"}},
		{"excluded clauses listed after the lead-in", `The following sections of ISO 13485:2016 are excluded:

- 7.5.5 Particular requirements for sterile medical devices
- 7.5.9.2 Implantable devices
- 4.2 MB of logs

Next paragraph.

- 7.3 is not a claim here
`, []string{"1 ISO13485:2016  mention", "3 ISO13485:2016 7.5.5 list na", "4 ISO13485:2016 7.5.9.2 list na"}},
		{"code and comments are not claims", "```\nISO 13485:2016 Section 4.2.4\n```\n<!-- See ISO 13485, para. 5.1 -->\n<!--\nISO 13485 clause 8.2.4\n-->\n",
			nil},
		{"slash lists and ranges", "ISO 13485:2016 asks for resources (6.1/6.2) and improvement (8.5.1-3), and Clauses 7.5.1–7.5.3.\n",
			[]string{"1 ISO13485:2016  mention", "1 ISO13485:2016 7.5.1 clause", "1 ISO13485:2016 7.5.2 clause", "1 ISO13485:2016 7.5.3 clause",
				"1 ISO13485:2016 6.1 parenthesis", "1 ISO13485:2016 6.2 parenthesis",
				"1 ISO13485:2016 8.5.1 parenthesis", "1 ISO13485:2016 8.5.2 parenthesis", "1 ISO13485:2016 8.5.3 parenthesis"}},
		{"what is not a range", "ISO 13485 clause 4.2-8 and clause 7.3-2 and clause 8.2.1 - 8.3.2.\n",
			[]string{"1 ISO13485: 4.2 reference", "1 ISO13485: 7.3 reference", "1 ISO13485: 8.2.1 clause"}},
		{"a mapping table under a bold line", `Our processes against the standard:

**ISO 13485:2016**

| Clause | Requirement | Fulfilled in document |
| --- | --- | --- |
| 4.2.4 | Control of documents | SOP-001 |
| 6.1/6.2 | Resources | SOP-HR |
| 8.5.1-3 | Improvement | _SOP-CAPA_ |
| 7.5.5 | Sterile devices | |
| 7.5.9.2 | Implantables | — |
| 7.3 / MDR Annex II / 21 CFR 820.30 | Design | SOP-DES |
`, []string{"3 ISO13485:2016  mention", "7 ISO13485:2016 4.2.4 table @table", "8 ISO13485:2016 6.1 table @table", "8 ISO13485:2016 6.2 table @table",
			"9 ISO13485:2016 8.5.1 table @table", "9 ISO13485:2016 8.5.2 table @table", "9 ISO13485:2016 8.5.3 table @table", "12 ISO13485:2016 7.3 table @table"}},
		{"a mapping table under a paragraph naming the standard", "The table maps ISO 13485:2016 to our documents.\n| Section | Document |\n| --- | --- |\n| 4.2.5 | SOP-002 |\n",
			[]string{"1 ISO13485:2016  mention", "4 ISO13485:2016 4.2.5 table @table"}},
		{"a bare column under a paragraph naming another standard", "## ISO 13485:2016\n\nIEC 62304:2006 requirements:\n\n| Section | Document |\n| --- | --- |\n| 5.1 | SOP-SW |\n",
			[]string{"1 ISO13485:2016  mention"}},
		{"rows naming their standard", `## Regulatory requirements

| Standard | Clause | Document |
| --- | --- | --- |
| ISO 13485:2016 | 7.3.2 | SOP-DES |
| IEC 62304 | 5.1 | SOP-SW |
| 21 CFR 820 | 820.30 | SOP-DES |
`, []string{"5 ISO13485:2016 7.3.2 table @table", "5 ISO13485:2016  mention @table"}},
		{"a column per regulation", `| Topic | ISO 13485:2016 | MDR | 21 CFR 820 | Document |
| --- | --- | --- | --- | --- |
| Design | 7.3.2, 7.3.3 | Annex II | 820.30 | SOP-DES |
| Sterile | 7.5.5 | Annex I | 820.70 | |
`, []string{"1 ISO13485:2016  mention", "3 ISO13485:2016 7.3.2 table @table", "3 ISO13485:2016 7.3.3 table @table"}},
		{"a reference in a cell that is not a clause column", `| Audit | Scope | Date |
| --- | --- | --- |
| IA-01 | Documents and records (ISO13485 4.2.4, 4.2.5; ISO27001 7.2-7.5) | 2026-02 |
`, []string{"3 ISO13485: 4.2.4 reference", "3 ISO13485: 4.2.5 reference", "3 ISO27001: 7.2 reference", "3 ISO27001: 7.3 reference", "3 ISO27001: 7.4 reference", "3 ISO27001: 7.5 reference"}},
		{"a list of reference standards", `### Reference Standards
- ISO 13485:2016 — Clauses 4.2.4, 4.2.5, 7.4
- **ISO 13485:2016, Clause 4.1.6** — Computer software validation
- IEC 62304 — Configuration management (5.1.1)

Design changes follow ISO 13485 clause 7.3.9.
`, []string{"2 ISO13485:2016  mention @list", "2 ISO13485:2016 4.2.4 clause @list", "2 ISO13485:2016 4.2.5 clause @list", "2 ISO13485:2016 7.4 clause @list",
			"3 ISO13485:2016  mention @list", "3 ISO13485:2016 4.1.6 reference @list", "6 ISO13485: 7.3.9 reference"}},
		{"unknown clause numbers are dropped", "ISO 13485:2016 Section 7.5.1.1 and ISO 27001 A.12.3.1\n", []string{"1 ISO13485:2016  mention"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range matcher.Extract([]byte(tc.body), 1) {
				got = append(got, short(c))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

func TestLineOffset(t *testing.T) {
	cs := matcher.Extract([]byte("\nClause 8.2.4 of ISO 13485.\n"), 7)
	if len(cs) != 1 || cs[0].Line != 8 || cs[0].Text != "Clause 8.2.4" {
		t.Fatalf("got %+v", cs)
	}
}

// TestOpenSaMD reads a real, audited QMS (OpenSaMD, CC BY 4.0) kept beside
// the repository and compares every claim found with the golden list, so
// a change that adds a false positive or loses a table row shows up.
func TestOpenSaMD(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpora", "opensamd")
	if _, err := os.Stat(root); err != nil {
		t.Skip("corpus not present: ", err)
	}
	var b strings.Builder
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		for _, c := range matcher.Extract(src, 1) {
			fmt.Fprintf(&b, "%s:%s\n", filepath.ToSlash(rel), short(c))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "opensamd.golden")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("claims in the corpus differ from %s (UPDATE_GOLDEN=1 to accept):\n%s", golden, b.String())
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("| ISO 13485:2016 Section | x |\n|---|---|\n| 4.2.4 | y |\n")
	f.Add("Clause 4.2.4 of ISO 13485 (7.3.2) §7.3\n- 7.5.5 x\n<!-- a")
	f.Fuzz(func(t *testing.T, body string) {
		for _, c := range matcher.Extract([]byte(body), 1) {
			if c.Line < 1 || c.Standard == "" {
				t.Fatalf("bad claim %+v", c)
			}
		}
	})
}

// The numbers of a standard count once the repository enables it: the
// matcher is built from the enabled catalogs' names.
func TestExtractEnabledStandard(t *testing.T) {
	body := "| Standard | Clause | Document |\n| --- | --- | --- |\n| IEC 62304 | 5.1.1 | SOP-SW |\n| ISO 13485 | 7.3.2 | SOP-DD |\n"
	for _, tc := range []struct {
		ids  []string
		want []string
	}{
		{catalog.Defaults(), []string{"4 ISO13485: 7.3.2 table @table"}},
		{[]string{"IEC62304:2006+A1:2015", "ISO13485:2016"}, []string{"3 IEC62304: 5.1.1 table @table", "4 ISO13485: 7.3.2 table @table"}},
	} {
		var got []string
		for _, c := range newMatcher(tc.ids...).Extract([]byte(body), 1) {
			got = append(got, short(c))
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("standards %v:\n got %q\nwant %q", tc.ids, got, tc.want)
		}
	}
}
