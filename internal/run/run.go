// Package run holds what a run of the pipeline (internal/lint) produced
// for the stages that only read it (the audit report): its configuration,
// the repository as loaded, the rules in force and the traced findings. It
// imports no evaluator, so a renderer that reads a run does not depend on
// OPA; lint.Result embeds an Outcome and adds the engine and the converted
// input for the stages that evaluate.
package run

import (
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/model"
)

// Outcome is the product of one run.
type Outcome struct {
	Root     string
	Date     string
	Config   *config.Config
	Rules    []finding.Rule
	Findings []finding.Finding
	Repo     *model.Repository
	// Packs are the policy packs in force besides the built-in rules.
	Packs []finding.Pack
	// Notes say what the run could not do fully (a shallow clone's
	// history), one line each, for stderr.
	Notes []string
	// History is input.history (by document id, the commits that changed
	// it, newest first), nil outside Git: the report shows the commits
	// that evidence approvals from it.
	History map[string]any
}
