// Package report builds the internal-audit report: one data model, made
// from a lint run (findings with their trace status, the rules' metadata,
// the repository as loaded) and the clause coverage matrix, rendered as a
// self-contained HTML file, Markdown or JSON.
//
// The report never reads a file: everything comes from what the loader
// gave the lint run, so it judges exactly the inputs whose hash it prints.
// Every list is sorted and no map is iterated while rendering, so the same
// repository, date and version give byte-identical output.
package report

import (
	"fmt"
	"path/filepath"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/coverage"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/run"
)

// FormatVersion is the version of the JSON document.
const FormatVersion = 1

// ruleClauseUncovered is the rule that makes the matrix's gaps findings.
const ruleClauseUncovered = "coverage.clause-uncovered"

// Input is what a report is built from.
type Input struct {
	Lint *run.Outcome
	// Coverage is the clause matrix of the same repository and date; nil
	// leaves the coverage sections out with a note saying why.
	Coverage *coverage.Report
	// Version of qmslint, printed on the cover.
	Version string
	// Commit is the Git commit of the root (with "+changes" when the work
	// tree differs from it); "" outside Git.
	Commit string
	// Since is the earlier state to compare with (--since REF), or nil.
	Since *Since
}

// Since is the repository at an earlier commit, linted as of the same date.
type Since struct {
	Ref      string
	Commit   string
	Findings []finding.Finding
}

// Report is the whole audit report. Each field is one section.
type Report struct {
	Version        int              `json:"version"`
	Cover          Cover            `json:"cover"`
	Summary        Summary          `json:"summary"`
	Coverage       []Matrix         `json:"coverage"`
	CoverageNote   string           `json:"coverage_note,omitempty"`
	SoA            *SoA             `json:"soa"`
	Findings       []ClauseGroup    `json:"findings"`
	CAPAs          []CAPA           `json:"capas"`
	Documents      []Document       `json:"documents"`
	Risks          Risks            `json:"risks"`
	Infrastructure Infrastructure   `json:"infrastructure"`
	Training       Training         `json:"training"`
	Audits         []AuditProgramme `json:"audit_programmes"`
	Rules          []RuleReference  `json:"rules"`

	// soaStandards names the standards a Statement of Applicability is
	// for, for the text that says there is none.
	soaStandards string
	// citedAs names the run's standards as documents cite them, by clause
	// id prefix, for clause labels ("ISO/IEC 27001 A.8.13").
	citedAs map[string]string
}

// Build turns a lint run into the report.
func Build(in Input) *Report {
	res := in.Lint
	rules := ruleIndex(res.Rules)
	caps := capaBoard(res)
	r := &Report{
		Version:        FormatVersion,
		Cover:          cover(in),
		CAPAs:          caps,
		Documents:      documents(res),
		Risks:          risks(res, caps),
		Infrastructure: infrastructure(res.Repo),
		Training:       training(res),
		Audits:         auditProgrammes(res, in.Coverage),
	}
	r.Infrastructure.Impact = impacts(*res, r.Infrastructure)
	r.Infrastructure.Map = datacenterMap(res.Repo, r.Infrastructure)
	approvalEvidence(res, r.Documents)
	r.Findings = findingGroups(known(res), res.Findings, rules, caps)
	r.Rules = usedRules(res.Findings, rules)
	if in.Coverage != nil {
		r.Coverage = matrices(in.Coverage)
		r.SoA = soa(in.Coverage)
		if cfg := res.Config; cfg != nil && cfg.Rules[ruleClauseUncovered].Disabled {
			r.CoverageNote = fmt.Sprintf("%s disables %s: this repository does not set out to cover every clause, so the uncovered clauses below are not findings.", orDash(filepath.Base(cfg.File), "The configuration"), ruleClauseUncovered)
		}
	} else {
		r.CoverageNote = "The clause coverage matrix was not computed for this report."
	}
	r.Summary = summary(in, r, rules)
	r.soaStandards = soaStandards(known(res))
	r.citedAs = citedAs(known(res))
	return r
}

// citedAs names each standard of set as documents cite it, by clause id
// prefix; nil is the shipped catalogs.
func citedAs(set *catalog.Set) map[string]string {
	out := map[string]string{}
	for _, c := range set.All() {
		out[c.Standard] = c.Cited()
	}
	return out
}

// cited is citedAs of the run's catalogs; the shipped ones for a report
// not made by Build.
func (r *Report) cited() map[string]string {
	if r.citedAs == nil {
		return citedAs(nil)
	}
	return r.citedAs
}

// known is the catalogs of the run's configuration.
func known(res *run.Outcome) *catalog.Set {
	if res.Config == nil {
		return nil
	}
	return res.Config.Known
}

// SoAStandards names, without editions, the standards whose annex a
// Statement of Applicability decides: for the text that says there is
// none. A report not made by Build names the shipped ones.
func (r Report) SoAStandards() string {
	if r.soaStandards == "" {
		return soaStandards(nil)
	}
	return r.soaStandards
}
