// Package trace is the stage after lint: it matches every finding against
// the CAPA records and waivers of the repository and gives it a status
// (open, tracked, overdue, recurring, waived) and the CAPAs that name it.
// It then evaluates the rules that judge findings themselves (custom.phase:
// trace), such as waiver.orphaned, with input.findings added, so those
// findings too come from Rego rules with metadata.
package trace

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/model"
)

// RuleWaiverInvalid is the rule whose findings make a waiver void: the
// validity of a waiver is decided in Rego, once, not again here.
const RuleWaiverInvalid = "waiver.invalid"

// Stage is what the second phase needs from the first.
type Stage struct {
	Engine *engine.Engine
	// Enabled reports whether a rule runs (not disabled in .qmslint.yaml).
	Enabled func(engine.Rule) bool
	// Input is the policy input of the first phase, as converted for OPA.
	// It is shared, not changed: the second phase adds input.findings to a
	// new top-level object, because converting 10,000 documents again cost
	// a third of a second.
	Input   ast.Value
	Date    time.Time
	Timeout time.Duration
	// Resolve turns rule results into findings with positions and
	// configured severities, as for the first phase.
	Resolve func([]engine.Result) []finding.Finding
}

// Run traces the findings of the first phase, evaluates the trace-phase
// rules over them, traces those too, and returns all findings sorted.
func Run(ctx context.Context, repo *model.Repository, fs []finding.Finding, st Stage) ([]finding.Finding, error) {
	recs := Read(repo)
	day := st.Date.Format(dateLayout)
	out := Apply(fs, recs, day)
	q, err := st.Engine.Prepare(ctx, func(r engine.Rule) bool {
		return r.Phase == engine.PhaseTrace && (st.Enabled == nil || st.Enabled(r))
	}, st.Timeout)
	if err != nil {
		return nil, err
	}
	value, err := withFindings(st.Input, Input(out))
	if err != nil {
		return nil, err
	}
	results, err := q.Eval(ctx, value, st.Date)
	if err != nil {
		return nil, err
	}
	// Trace-phase findings are traced against the same records, with the
	// waiver validity of the first phase.
	second := trace(st.Resolve(results), recs, day, voidWaivers(fs))
	out = append(out, second...)
	finding.Sort(out)
	return out, nil
}

// withFindings returns input with a findings key, sharing every other
// value with input.
func withFindings(input ast.Value, findings []any) (ast.Value, error) {
	fv, err := ast.InterfaceToValue(findings)
	if err != nil {
		return nil, err
	}
	obj, ok := input.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("policy input is %T, not an object", input)
	}
	out := ast.NewObject()
	obj.Foreach(func(k, v *ast.Term) {
		if !ast.StringTerm("findings").Equal(k) {
			out.Insert(k, v)
		}
	})
	out.Insert(ast.StringTerm("findings"), ast.NewTerm(fv))
	return out, nil
}

// Input is the findings as rules see them in input.findings.
func Input(fs []finding.Finding) []any {
	out := make([]any, len(fs))
	for i, f := range fs {
		capa := make([]any, len(f.CAPA))
		for j, c := range f.CAPA {
			capa[j] = c
		}
		out[i] = map[string]any{
			"id": f.ID, "rule": f.Rule, "subject": f.Subject, "severity": f.Severity,
			"status": f.Status, "capa": capa, "file": f.File, "line": int64(f.Line), "msg": f.Message,
		}
	}
	return out
}

// Apply gives each finding its status and CAPAs as of day. Waivers that
// waiver.invalid reports among fs count for nothing. fs is not modified.
func Apply(fs []finding.Finding, recs *Records, day string) []finding.Finding {
	return trace(fs, recs, day, voidWaivers(fs))
}

func voidWaivers(fs []finding.Finding) map[string]bool {
	void := map[string]bool{}
	for _, f := range fs {
		if f.Rule == RuleWaiverInvalid {
			void[f.Subject] = true
		}
	}
	return void
}

// trace decides, in this order: an open CAPA that tracks (Missing is
// empty) names the finding (tracked,
// or overdue once one of its dates has passed); else a waiver in effect
// names it (waived); else a closed CAPA names it (recurring: the fix did
// not hold); else nothing handles it (open). An open CAPA outranks a waiver
// so that a late CAPA is never hidden by a concession.
func trace(fs []finding.Finding, recs *Records, day string, void map[string]bool) []finding.Finding {
	capas := map[string][]*CAPA{}
	for _, c := range recs.CAPAs {
		if c.Status == CAPACancelled {
			continue
		}
		for _, id := range c.Findings {
			if !slices.Contains(capas[id], c) {
				capas[id] = append(capas[id], c)
			}
		}
	}
	waivers := map[string]*Waiver{}
	for _, w := range recs.Waivers {
		if void[w.ID] || !w.InEffect(day) {
			continue
		}
		for _, id := range w.Findings {
			// Of two waivers, the one that lasts longer decides.
			if prev, ok := waivers[id]; !ok || prev.Expires < w.Expires {
				waivers[id] = w
			}
		}
	}
	out := make([]finding.Finding, len(fs))
	for i, f := range fs {
		f.Clauses = slices.Clone(f.Clauses)
		f.CAPA = []string{}
		var open, closed, drafts []*CAPA
		for _, c := range capas[f.ID] {
			f.CAPA = append(f.CAPA, c.ID)
			switch {
			case c.Status == CAPAOpen && len(c.Missing()) == 0:
				open = append(open, c)
			case c.Status == CAPAOpen:
				drafts = append(drafts, c)
			case c.Status == CAPAClosed:
				closed = append(closed, c)
			}
		}
		slices.Sort(f.CAPA)
		switch w := waivers[f.ID]; {
		case len(open) > 0:
			f.Status = finding.StatusTracked
			for _, c := range open {
				if c.Overdue(day) {
					f.Status = finding.StatusOverdue
				}
			}
		case w != nil:
			f.Status = finding.StatusWaived
			f.Message += fmt.Sprintf(" (waived by %s until %s)", w.ID, w.Expires)
		case len(closed) > 0:
			f.Status = finding.StatusRecurring
			f.Severity = finding.Major
			f.Message += "; " + recurring(closed)
		default:
			f.Status = finding.StatusOpen
		}
		if f.Status == finding.StatusOpen {
			for _, c := range drafts {
				f.Message += fmt.Sprintf("; %s names it but does not track it yet: it lacks %s", c.ID, strings.Join(c.Missing(), ", "))
			}
		}
		out[i] = f
	}
	return out
}

func recurring(closed []*CAPA) string {
	names := make([]string, len(closed))
	for i, c := range closed {
		names[i] = c.ID
		if c.Closed != "" {
			names[i] += " (closed " + c.Closed + ")"
		}
	}
	return fmt.Sprintf("recurring: %s named this finding and was closed, yet it is found again, so the corrective action was not effective; open a follow-up CAPA (or reopen it) and revisit the root cause", strings.Join(names, " and "))
}
