// Package trace matches every finding against the CAPA records and
// waivers of the repository and gives it a status (open, tracked, overdue,
// recurring, waived) and the CAPAs that name it. The run (internal/lint)
// calls it between its two queries: the rules that judge findings
// themselves (custom.phase: trace), such as waiver.orphaned, see the traced
// findings as input.findings (Input), and their own findings are traced in
// turn (Second). This package evaluates nothing.
package trace

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/qmslint/qmslint/internal/finding"
)

// RuleWaiverInvalid is the rule whose findings make a waiver void: the
// validity of a waiver is decided in Rego, once, not again here.
const RuleWaiverInvalid = "waiver.invalid"

// Second traces the findings of the trace-phase rules against the same
// records as the first phase's, with the waiver validity the first phase
// decided (first: its findings, untraced), and returns them.
func Second(fs, first []finding.Finding, recs *Records, day string) []finding.Finding {
	return trace(fs, recs, day, voidWaivers(first))
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

// Digest names Input(fs) by the fields it holds, in order, without
// building it: equal digests, equal inputs.
func Digest(fs []finding.Finding) [32]byte {
	h := sha256.New()
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, f := range fs {
		b = b[:0]
		str(f.ID)
		str(f.Rule)
		str(f.Subject)
		str(f.Severity)
		str(f.Status)
		str(f.File)
		b = binary.AppendVarint(b, int64(f.Line))
		str(f.Message)
		b = binary.AppendUvarint(b, uint64(len(f.CAPA)))
		for _, c := range f.CAPA {
			str(c)
		}
		h.Write(b)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
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
