package finding

import "strings"

// Rule is one rule's metadata, read from the # METADATA block of its
// package. Everything that describes a rule (qmslint rules, SARIF rules[],
// docs/rules.md, the report) comes from here, so nothing is written twice.
// internal/engine reads it; renderers need only this package.
type Rule struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Severity    string   `json:"severity"`
	Clauses     []string `json:"clauses"`
	// Help is the rule's documentation link (related_resources).
	Help string `json:"help,omitempty"`
	// Package is the Rego package, e.g. data.qmslint.rules.doc.review_overdue.
	Package string `json:"package"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Builtin bool   `json:"builtin"`
	// Params documents the rule's parameters and their defaults.
	Params map[string]any `json:"params,omitempty"`
	// Phase is PhaseTrace for rules that judge the findings of the other
	// rules (input.findings), "" for the rest.
	Phase string `json:"phase,omitempty"`
	// Scope is ScopeDocument for a rule whose findings for a file depend
	// on that file alone (custom.scope: document), "" for the rest.
	Scope string `json:"scope,omitempty"`
	// Locked is set by custom.overridable: false: a repository's config
	// may neither disable nor re-grade the rule (an organisation's pack).
	Locked bool `json:"locked,omitempty"`
	// Fix names the mechanical edit that resolves a finding of the rule
	// (custom.fix), one of Fixes; the language server offers it as a code
	// action. "" when fixing needs judgement.
	Fix string `json:"fix,omitempty"`
}

// Fixes are the edits custom.fix may name: raise the document's revision
// by one, add the missing section's heading.
var Fixes = []string{"revision-bump", "add-section"}

// PhaseTrace marks rules evaluated in a second query, after tracing, with
// input.findings: findings exist only once every other rule has run.
const PhaseTrace = "trace"

// ScopeDocument marks rules judged file by file: a run evaluates them
// only over the files it has no findings of (docs/performance.md).
const ScopeDocument = "document"

// PhaseReview marks rules that judge a change between two commits
// (input.change); only qmslint review evaluates them.
const PhaseReview = "review"

// DocsURL is where the rules reference lives; a rule without its own link
// points at its entry there.
const DocsURL = "https://github.com/qmslint/qmslint/blob/main/docs/rules.md"

// Anchor is the Markdown heading anchor of a rule id in docs/rules.md.
func Anchor(id string) string {
	return strings.NewReplacer(".", "").Replace(id)
}

// Pack names a set of policies that was in force, and the digest that
// identifies its exact content: what an auditor needs to tell which rules
// judged the repository.
type Pack struct {
	Name   string `json:"name"`
	Digest string `json:"digest"`
}
