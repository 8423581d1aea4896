package render

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/qmslint/qmslint/internal/finding"
)

// Field notes on what SARIF consumers do, GitHub code scanning first:
//
//   - rules[].help.markdown is what the alert page shows; helpUri is
//     ignored, so the documentation link goes into the Markdown too.
//   - properties.tags of a rule become filter chips: the clauses go there.
//   - partialFingerprints.primaryLocationLineHash is computed by the
//     upload action from the source line; a tool that sets it wrongly
//     merges or splits alerts. Ours, under its own key, is the finding id,
//     which never contains a line number, so an alert survives edits.
//   - automationDetails.id separates analyses (lint and review) so one
//     does not close the other's alerts.
//   - a region needs startLine >= 1; a finding about a whole file has no
//     region rather than a made-up line 1.
//   - columns count UTF-16 code units (columnKind) because QMS text is
//     full of umlauts and accents: startColumn is the finding's column
//     converted by the loader, which still had the line's text.
//   - a finding about the repository as a whole is placed where every
//     other format places it (the configuration file at line 1, else the
//     QMS root directory).

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool         `json:"tool"`
	AutomationDetails map[string]string `json:"automationDetails,omitempty"`
	ColumnKind        string            `json:"columnKind"`
	// Results is encodeList's mark: SARIF writes them one by one.
	Results json.RawMessage `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration map[string]string `json:"defaultConfiguration"`
	Properties           map[string]any    `json:"properties"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical     `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLoc `json:"logicalLocations,omitempty"`
}

// sarifLogicalLoc names the item a finding is on where its file is
// generated: a Terraform resource by its address.
type sarifLogicalLoc struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// FingerprintKey names qmslint's partial fingerprint; bump its version if
// finding ids ever change meaning.
const FingerprintKey = "qmslintFindingId/v1"

// Level maps a severity to a SARIF (and annotation) level.
func Level(severity string) string {
	switch severity {
	case finding.Major:
		return "error"
	case finding.Minor:
		return "warning"
	}
	return "note"
}

// SARIF writes a SARIF 2.1.0 log with one run.
func SARIF(w io.Writer, r Report, o Options) error {
	rules, idx := rulesByID(o.Rules, r.Findings)
	run := sarifRun{
		Tool:       sarifTool{sarifDriver{Name: "qmslint", InformationURI: "https://github.com/qmslint/qmslint", Version: o.Version, Rules: make([]sarifRule, len(rules))}},
		ColumnKind: "utf16CodeUnits",
	}
	if o.Category != "" {
		run.AutomationDetails = map[string]string{"id": o.Category}
	}
	for i, ru := range rules {
		desc := ru.Description
		if desc == "" {
			desc = ru.Title
		}
		clauses := append([]string{}, ru.Clauses...)
		text := fmt.Sprintf("%s\n\n%s\n\nSeverity: %s. Clauses: %s.\nDocumentation: %s", ru.Title, desc, ru.Severity, orNone(clauses), ru.Help)
		md := fmt.Sprintf("**%s** (`%s`)\n\n%s\n\nSeverity: %s. Clauses: %s.\n\n[Documentation of %s](%s)", ru.Title, ru.ID, desc, ru.Severity, orNone(clauses), ru.ID, ru.Help)
		run.Tool.Driver.Rules[i] = sarifRule{
			ID: ru.ID, Name: ru.ID,
			ShortDescription:     sarifText{Text: ru.Title},
			FullDescription:      sarifText{Text: desc},
			Help:                 sarifText{Text: text, Markdown: md},
			HelpURI:              ru.Help,
			DefaultConfiguration: map[string]string{"level": Level(ru.Severity)},
			Properties:           map[string]any{"tags": append(clauses, "qms"), "severity": ru.Severity},
		}
	}
	return encodeList(w, len(r.Findings), func(i int) any { return sarifResultOf(r.Findings[i], idx, o) }, func(list json.RawMessage) any {
		run.Results = list
		return sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
	})
}

// sarifResultOf is a finding as a SARIF result.
func sarifResultOf(f finding.Finding, idx map[string]int, o Options) sarifResult {
	loc := sarifPhysical{ArtifactLocation: sarifArtifact{URI: uriOf(o.path(f)), URIBaseID: "%SRCROOT%"}}
	if f.Line > 0 {
		loc.Region = &sarifRegion{StartLine: f.Line, StartColumn: f.UTF16Column()}
	}
	res := sarifResult{
		RuleID: f.Rule, RuleIndex: idx[f.Rule], Level: Level(f.Severity),
		Message:             sarifText{Text: f.Message},
		Locations:           []sarifLocation{{PhysicalLocation: loc}},
		PartialFingerprints: map[string]string{FingerprintKey: Fingerprint(f.ID)},
		Properties:          map[string]any{"id": f.ID, "subject": f.Subject, "severity": f.Severity, "status": f.Status, "capa": nonNil(f.CAPA), "clauses": nonNil(f.Clauses)},
	}
	if f.Logical != "" {
		res.Locations[0].LogicalLocations = []sarifLogicalLoc{{FullyQualifiedName: f.Logical, Kind: "resource"}}
	}
	if f.Status == finding.StatusWaived {
		res.Suppressions = []sarifSuppression{{Kind: "external", Justification: "waived in the QMS (kind: waiver)"}}
	}
	return res
}

// uriOf turns a path into a URI reference: spaces, "#", "%" and control
// characters in a file name would otherwise make the log invalid.
func uriOf(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

func orNone(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	return strings.Join(ss, ", ")
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
