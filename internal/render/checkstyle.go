package render

import (
	"encoding/xml"
	"io"

	"github.com/qmslint/qmslint/internal/finding"
)

// Checkstyle XML, read by reviewdog, Jenkins warnings-ng and many IDEs:
// findings grouped by file, line 0 for a whole file, source the rule id,
// column in bytes (1-based) when known.

type checkstyleDoc struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

var checkstyleSeverity = map[string]string{"major": "error", "minor": "warning", "observation": "info"}

// Checkstyle writes the findings as Checkstyle XML.
func Checkstyle(w io.Writer, r Report, o Options) error {
	byFile := map[string][]finding.Finding{}
	for _, f := range r.Findings {
		p := o.path(f)
		byFile[p] = append(byFile[p], f)
	}
	doc := checkstyleDoc{Version: "4.3"}
	for _, name := range sortedKeys(byFile) {
		cf := checkstyleFile{Name: name}
		for _, f := range byFile[name] {
			cf.Errors = append(cf.Errors, checkstyleError{Line: f.Line, Column: f.Column, Severity: checkstyleSeverity[f.Severity], Message: f.Message, Source: "qmslint." + f.Rule})
		}
		doc.Files = append(doc.Files, cf)
	}
	return writeXML(w, doc)
}
