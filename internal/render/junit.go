package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/qmslint/qmslint/internal/finding"
)

// JUnit XML as Jenkins, GitLab and most CI dashboards read it: one test
// suite, one test case per rule (classname is the rule's area), and one
// failure per finding that fails the gate. Findings below --fail-on, and
// tracked or waived ones, are listed in the case's system-out so the
// report still shows them without turning the build red.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Failures  []junitFailure `xml:"failure"`
	SystemOut string         `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes the findings as a JUnit XML report.
func JUnit(w io.Writer, r Report, o Options) error {
	rules, _ := rulesByID(o.Rules, r.Findings)
	byRule := map[string][]finding.Finding{}
	for _, f := range r.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	suite := junitSuite{Name: "qmslint", Properties: []junitProperty{{"date", r.Date}, {"fail-on", r.FailOn}}}
	for _, ru := range rules {
		area, _, _ := strings.Cut(ru.ID, ".")
		c := junitCase{Name: ru.ID, Classname: "qmslint." + area}
		var out strings.Builder
		for _, f := range byRule[ru.ID] {
			detail := fmt.Sprintf("%s %s %s [%s] (%s)", locationIn(o, f), f.Severity, f.Message, strings.Join(f.Clauses, ", "), f.Status)
			if !Gate(f, r.FailOn, r.Strict) {
				fmt.Fprintln(&out, detail)
				continue
			}
			c.Failures = append(c.Failures, junitFailure{Message: f.Message, Type: f.Severity, Text: fmt.Sprintf("%s\nfinding %s\n%s", locationIn(o, f), f.ID, detail)})
		}
		c.SystemOut = out.String()
		suite.Tests++
		if len(c.Failures) > 0 {
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, c)
	}
	doc := junitSuites{Name: "qmslint", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	return writeXML(w, doc)
}

// locationIn is Location with the repository prefix.
func locationIn(o Options, f finding.Finding) string {
	f.File = o.path(f)
	return Location(f)
}

// writeXML writes doc as an indented XML document with its header, ending
// in a newline: what JUnit and Checkstyle consumers expect.
func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
