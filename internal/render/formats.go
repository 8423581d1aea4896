package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/finding"
)

// Options is what the machine formats need besides the report.
type Options struct {
	// Rules is the metadata of every rule in force (lint.Result.Rules):
	// SARIF rules[], JUnit test cases.
	Rules []finding.Rule
	// Version of qmslint, for SARIF tool.driver.version.
	Version string
	// PathPrefix turns a finding's path (relative to the QMS root) into a
	// path relative to the repository top ("qms/"), which is what code
	// scanning, annotations and code quality reports resolve.
	PathPrefix string
	// Category is SARIF automationDetails.id ("qmslint/lint/"), which
	// keeps the analyses of lint and review apart in code scanning.
	Category string
	// Color is for the text format on a terminal.
	Color bool
}

// Format is one output format of lint and review.
type Format struct {
	Name        string
	Description string
	Write       func(w io.Writer, r Report, o Options) error
}

// Formats are every format, in the order help lists them. Exit codes and
// --fail-on do not depend on the format: the command decides them from
// the findings, after writing.
var Formats = []Format{
	{"text", "human-readable, grouped by file", func(w io.Writer, r Report, o Options) error {
		return Text(w, r, TextOptions{Color: o.Color})
	}},
	{"json", "qmslint's JSON contract (docs/cli.md)", func(w io.Writer, r Report, _ Options) error { return JSON(w, r) }},
	{"sarif", "SARIF 2.1.0 for GitHub code scanning", SARIF},
	{"junit", "JUnit XML, one test case per rule", JUnit},
	{"github", "GitHub Actions workflow commands (annotations)", GitHub},
	{"gitlab", "GitLab Code Quality JSON", GitLab},
	{"checkstyle", "Checkstyle XML", Checkstyle},
}

// Lookup finds a format by name.
func Lookup(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Names lists the format names, for help and error messages.
func Names() []string {
	out := make([]string, len(Formats))
	for i, f := range Formats {
		out[i] = f.Name
	}
	return out
}

// NameList is Names as "a, b or c".
func NameList() string {
	n := Names()
	return strings.Join(n[:len(n)-1], ", ") + " or " + n[len(n)-1]
}

// Fingerprint is a stable digest of a finding id: the same finding keeps
// it across runs, line moves and renames of the file, so code scanning
// and GitLab track it as one issue.
func Fingerprint(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// path is the finding's file relative to the repository top. A finding
// about the repository as a whole has a file when the repository has a
// configuration file or a quality manual (lint places it there); without
// either it points at the QMS root directory, in every format alike.
// A configuration file above the QMS root ("../.qmslint.yaml") comes out
// as a path from the repository top.
func (o Options) path(f finding.Finding) string {
	if f.File == "" {
		if o.PathPrefix == "" {
			return "."
		}
		return strings.TrimSuffix(o.PathPrefix, "/")
	}
	if !strings.HasPrefix(f.File, "../") {
		return o.PathPrefix + f.File
	}
	return path.Clean(o.PathPrefix + f.File)
}

// rulesByID indexes the rules, adding a bare entry for a rule a finding
// names but the list lacks, so no result points nowhere.
func rulesByID(rules []finding.Rule, fs []finding.Finding) ([]finding.Rule, map[string]int) {
	out := append([]finding.Rule{}, rules...)
	idx := map[string]int{}
	for i, r := range out {
		idx[r.ID] = i
	}
	for _, f := range fs {
		if _, ok := idx[f.Rule]; !ok {
			idx[f.Rule] = len(out)
			out = append(out, finding.Rule{ID: f.Rule, Title: f.Rule, Severity: f.Severity, Clauses: f.Clauses, Help: finding.DocsURL + "#" + finding.Anchor(f.Rule)})
		}
	}
	return out, idx
}

// failing counts the findings that fail the gate.
func failing(r Report) int {
	n := 0
	for _, f := range r.Findings {
		if Gate(f, r.FailOn, r.Strict) {
			n++
		}
	}
	return n
}

func sortedKeys(m map[string][]finding.Finding) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
