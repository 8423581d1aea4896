package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/render/sariftest"
)

func sampleRules() []finding.Rule {
	return []finding.Rule{
		{ID: "doc.front-matter-missing", Title: "Front matter missing", Description: "Uncontrolled text.", Severity: "minor", Clauses: []string{"ISO13485:4.2.4", "ISO27001:7.5.2"}, Help: finding.DocsURL + "#docfront-matter-missing"},
		{ID: "doc.id-duplicate", Title: "Duplicate id", Description: "Ids must be unique.", Severity: "major", Clauses: []string{"ISO13485:4.2.4"}, Help: finding.DocsURL + "#docid-duplicate"},
		{ID: "doc.review-overdue", Title: "Review overdue", Description: "Reviews keep documents current.", Severity: "minor", Clauses: []string{"ISO13485:4.2.4"}, Help: finding.DocsURL + "#docreview-overdue"},
		{ID: "doc.unused", Title: "A rule without findings", Description: "Passes.", Severity: "observation", Clauses: []string{}, Help: finding.DocsURL + "#docunused"},
	}
}

func ciReport() (Report, Options) {
	return Report{Date: "2027-06-01", FailOn: "minor", Findings: sample()},
		Options{Rules: sampleRules(), Version: "v1.0.0", PathPrefix: "qms/", Category: "qmslint/lint/"}
}

func TestCIGolden(t *testing.T) {
	r, o := ciReport()
	for _, name := range []string{"sarif", "junit", "github", "gitlab", "checkstyle"} {
		t.Run(name, func(t *testing.T) {
			f, ok := Lookup(name)
			if !ok {
				t.Fatalf("format %q not registered", name)
			}
			var b bytes.Buffer
			if err := f.Write(&b, r, o); err != nil {
				t.Fatal(err)
			}
			golden(t, "findings."+name, b.Bytes())
		})
	}
	var b bytes.Buffer
	if err := GitHubSummary(&b, r, o); err != nil {
		t.Fatal(err)
	}
	golden(t, "findings.github-summary.md", b.Bytes())
}

func TestSARIFSchema(t *testing.T) {
	r, o := ciReport()
	var b bytes.Buffer
	if err := SARIF(&b, r, o); err != nil {
		t.Fatal(err)
	}
	sariftest.Validate(t, b.Bytes())
	b.Reset()
	if err := SARIF(&b, Report{Date: "2027-06-01", FailOn: "minor"}, Options{}); err != nil {
		t.Fatal(err)
	}
	sariftest.Validate(t, b.Bytes())
	// The schema is strict enough to notice a broken log.
	if sariftest.Check([]byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`)) == nil {
		t.Error("the schema accepted an invalid level")
	}
}

func TestSARIFContent(t *testing.T) {
	r, o := ciReport()
	var b bytes.Buffer
	if err := SARIF(&b, r, o); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string
						Help       struct{ Markdown string }
						Properties struct{ Tags []string }
					}
				}
			}
			ColumnKind        string
			AutomationDetails struct{ ID string }
			Results           []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           *struct{ StartLine, StartColumn int }
					}
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" || run.AutomationDetails.ID != "qmslint/lint/" {
		t.Errorf("columnKind %q, automationDetails.id %q", run.ColumnKind, run.AutomationDetails.ID)
	}
	if rule := run.Tool.Driver.Rules[2]; !strings.Contains(rule.Help.Markdown, "](https://github.com/qmslint/qmslint/blob/main/docs/rules.md#docreview-overdue)") || rule.Properties.Tags[0] != "ISO13485:4.2.4" {
		t.Errorf("rule %+v: help.markdown must link the documentation; clauses are tags", rule)
	}
	levels := map[string]string{}
	for _, res := range run.Results {
		levels[res.RuleID] = res.Level
		if _, ok := res.PartialFingerprints["primaryLocationLineHash"]; ok {
			t.Error("primaryLocationLineHash is GitHub's to compute")
		}
		if res.PartialFingerprints[FingerprintKey] == "" {
			t.Errorf("%s: no %s fingerprint", res.RuleID, FingerprintKey)
		}
	}
	if levels["doc.id-duplicate"] != "error" || levels["doc.review-overdue"] != "warning" || levels["parse.skipped"] != "note" {
		t.Errorf("levels = %v", levels)
	}
	whole := run.Results[1].Locations[0].PhysicalLocation
	if whole.ArtifactLocation.URI != "qms/notes.md" || whole.Region != nil {
		t.Errorf("a whole-file finding has no region: %+v", whole)
	}
	if at := run.Results[2].Locations[0].PhysicalLocation; at.Region == nil || at.Region.StartLine != 11 || at.Region.StartColumn != 3 {
		t.Errorf("line finding: %+v", at)
	}
	// After "Größe: 1, " the column is 19 in bytes but 17 in UTF-16 code
	// units, the unit columnKind declares; the file name is a valid URI.
	if at := run.Results[4].Locations[0].PhysicalLocation; at.Region == nil || at.Region.StartColumn != 17 || at.ArtifactLocation.URI != "qms/procedures/Pr%C3%BCfung%0Aneu.md" {
		t.Errorf("column after umlauts: %+v", at)
	}
}

func TestJUnitParses(t *testing.T) {
	r, o := ciReport()
	var b bytes.Buffer
	if err := JUnit(&b, r, o); err != nil {
		t.Fatal(err)
	}
	var got struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name     string `xml:"name,attr"`
				Failures []struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
				} `xml:"failure"`
				SystemOut string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("JUnit does not parse: %v\n%s", err, b.String())
	}
	// Five rules (parse.skipped has no metadata here but a finding).
	if got.Tests != 5 || len(got.Suites) != 1 || len(got.Suites[0].Cases) != 5 {
		t.Fatalf("tests = %d, cases = %d", got.Tests, len(got.Suites[0].Cases))
	}
	fails := map[string]int{}
	for _, c := range got.Suites[0].Cases {
		fails[c.Name] = len(c.Failures)
	}
	// The tracked review-overdue finding and the observation do not fail
	// the gate at minor.
	want := map[string]int{"doc.front-matter-missing": 1, "doc.id-duplicate": 2, "doc.review-overdue": 0, "doc.unused": 0, "parse.skipped": 0}
	for k, v := range want {
		if fails[k] != v {
			t.Errorf("%s: %d failures, want %d", k, fails[k], v)
		}
	}
	if got.Failures != 2 {
		t.Errorf("failing test cases = %d, want 2", got.Failures)
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := escapeData("50% done\r\nnext: a, b"); got != "50%25 done%0D%0Anext: a, b" {
		t.Errorf("escapeData = %q", got)
	}
	if got := escapeProperty("a:b,c%\n"); got != "a%3Ab%2Cc%25%0A" {
		t.Errorf("escapeProperty = %q", got)
	}
}

func TestFormatRegistry(t *testing.T) {
	if got := NameList(); got != "text, json, sarif, junit, github, gitlab or checkstyle" {
		t.Errorf("NameList = %q", got)
	}
	if _, ok := Lookup("html"); ok {
		t.Error("unknown format found")
	}
}

// A finding about the repository as a whole is placed by lint (at the
// configuration file, line 1); every format must then point at that same
// place, and without it at the same QMS root directory.
func TestRepositoryWideSamePlaceEverywhere(t *testing.T) {
	for _, tt := range []struct {
		file string
		want map[string]string
	}{
		{"../.qmslint.yaml", map[string]string{
			"sarif":      `"uri": ".qmslint.yaml",`,
			"github":     "file=.qmslint.yaml,line=1,col=1,",
			"gitlab":     `"path": ".qmslint.yaml",`,
			"checkstyle": `<file name=".qmslint.yaml">` + "\n" + `    <error line="1" column="1"`,
			"junit":      ".qmslint.yaml:1:1 major",
		}},
		{"", map[string]string{
			"sarif":      `"uri": "qms",`,
			"github":     "file=qms,title=",
			"gitlab":     `"path": "qms",`,
			"checkstyle": `<file name="qms">` + "\n" + `    <error line="0"`,
			"junit":      "qms major",
		}},
	} {
		f := sample()[0]
		f.File = tt.file
		if f.File != "" {
			f.Line, f.Column = 1, 1
		}
		r := Report{Date: "2027-06-01", FailOn: "minor", Findings: []finding.Finding{f}}
		for name, want := range tt.want {
			format, _ := Lookup(name)
			var b bytes.Buffer
			if err := format.Write(&b, r, Options{Rules: sampleRules(), PathPrefix: "qms/"}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s, file %q: want %q in\n%s", name, tt.file, want, b.String())
			}
		}
	}
}
