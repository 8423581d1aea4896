package report

import (
	"sort"
	"strings"
	"time"

	"github.com/qmslint/qmslint/internal/coverage"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/run"
)

// AuditProgramme is one internal audit programme as an auditor scans it:
// the current cycle, each planned audit with its scope and report, and the
// clauses no audit of the cycle reaches (audit.clause-unaudited).
type AuditProgramme struct {
	ID         string      `json:"id"`
	File       string      `json:"file"`
	CycleStart string      `json:"cycle_start"`
	CycleEnd   string      `json:"cycle_end"`
	Audits     []AuditPlan `json:"audits"`
	Unaudited  []string    `json:"unaudited"`
	// UnauditedProcesses are the processes audit.process-unaudited
	// reports for the current cycle.
	UnauditedProcesses []string  `json:"unaudited_processes"`
	Grid               AuditGrid `json:"grid"`
}

// AuditPlan is one audit of a programme.
type AuditPlan struct {
	ID        string   `json:"id"`
	Date      string   `json:"date"`
	Auditor   string   `json:"auditor"`
	Status    string   `json:"status"`
	InCycle   bool     `json:"in_cycle"`
	Clauses   []string `json:"clauses"`
	Documents []string `json:"documents"`
	Report    string   `json:"report"`
	// Problems are the messages of the audit.* findings about the audit.
	Problems []string `json:"problems"`
}

func auditProgrammes(res *run.Outcome, cov *coverage.Report) []AuditProgramme {
	out := []AuditProgramme{}
	for _, reg := range res.Repo.Registers {
		if model.Kind(reg.Data) != "audit-programme" || str(reg.Data, "status") == "obsolete" {
			continue
		}
		p := AuditProgramme{ID: str(reg.Data, "id"), File: reg.File, Audits: []AuditPlan{}, Unaudited: []string{}, UnauditedProcesses: []string{}}
		cycle, _ := reg.Data["cycle"].(map[string]any)
		months, _ := cycle["months"].(int64)
		p.CycleStart, p.CycleEnd = cycleOn(str(cycle, "start"), int(months), res.Date)
		for _, a := range list(reg.Data, "audits") {
			scope, _ := a["scope"].(map[string]any)
			plan := AuditPlan{
				ID: str(a, "id"), Date: str(a, "date"), Auditor: str(a, "auditor"), Status: str(a, "status"),
				Clauses: strs(scope, "clauses"), Documents: strs(scope, "documents"), Report: str(a, "report"), Problems: []string{},
			}
			plan.InCycle = p.CycleStart != "" && p.CycleStart <= plan.Date && plan.Date <= p.CycleEnd
			for _, f := range res.Findings {
				if strings.HasPrefix(f.Rule, "audit.") && (f.Subject == plan.ID || strings.HasPrefix(f.Subject, plan.ID+"/")) {
					plan.Problems = append(plan.Problems, f.Message)
				}
			}
			p.Audits = append(p.Audits, plan)
		}
		sort.SliceStable(p.Audits, func(i, j int) bool { return p.Audits[i].Date < p.Audits[j].Date })
		for _, f := range res.Findings {
			if c, ok := strings.CutPrefix(f.Subject, p.ID+"/"); ok && f.Rule == "audit.clause-unaudited" {
				p.Unaudited = append(p.Unaudited, c)
			}
		}
		sort.Slice(p.Unaudited, func(i, j int) bool { return lessClause(p.Unaudited[i], p.Unaudited[j]) })
		for _, f := range res.Findings {
			if name, ok := strings.CutPrefix(f.Subject, p.ID+"/"); ok && f.Rule == "audit.process-unaudited" {
				p.UnauditedProcesses = append(p.UnauditedProcesses, name)
			}
		}
		sort.Strings(p.UnauditedProcesses)
		p.Grid = auditGrid(res, cov, p, str(cycle, "start"), int(months), list(reg.Data, "audits"))
		out = append(out, p)
	}
	return out
}

// cycleOn returns the first and last day of the cycle date falls in
// (the first cycle before start), as the rule computes it; "" when the
// programme's cycle is not readable.
func cycleOn(start string, months int, date string) (string, string) {
	s, err := time.Parse(dateLayout, start)
	if err != nil || months < 1 {
		return "", ""
	}
	for k := 0; k < 100; k++ {
		from, to := s.AddDate(0, k*months, 0), s.AddDate(0, (k+1)*months, 0)
		if date < to.Format(dateLayout) || k == 99 {
			return from.Format(dateLayout), to.AddDate(0, 0, -1).Format(dateLayout)
		}
	}
	return "", ""
}

func strs(m map[string]any, key string) []string {
	out := []string{}
	xs, _ := m[key].([]any)
	for _, x := range xs {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
