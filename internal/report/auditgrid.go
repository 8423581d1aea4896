package report

import (
	"sort"
	"strings"
	"time"

	"github.com/qmslint/qmslint/internal/coverage"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/run"
)

// AuditGrid is the programme as an auditor checks it: every clause the
// programme must reach each cycle (one level below the chapters, and the
// Annex A themes) and every process the quality manual lists, against
// the cycles, each cell naming the audits that reached the row then.
// Which rows go unaudited in the current cycle is the rules' verdict
// (audit.clause-unaudited, audit.process-unaudited), not judged again.
type AuditGrid struct {
	Cycles []AuditCycle `json:"cycles"`
	Rows   []AuditRow   `json:"rows"`
}

// AuditCycle is one cycle of a programme, from its first to its last day.
type AuditCycle struct {
	Start   string `json:"start"`
	End     string `json:"end"`
	Current bool   `json:"current"`
}

// AuditRow is a clause or a process and, by cycle, the audits that
// reached it.
type AuditRow struct {
	Kind  string `json:"kind"` // clause or process
	ID    string `json:"id"`   // ISO13485:4.2, or the process's name
	Title string `json:"title"`
	// Excluded clauses need no audit.
	Excluded bool `json:"excluded,omitempty"`
	// Unaudited is set when a rule reports the row for the current cycle.
	Unaudited bool          `json:"unaudited,omitempty"`
	Cells     [][]AuditMark `json:"cells"`
}

// AuditMark is one audit in a cell.
type AuditMark struct {
	ID     string `json:"id"`
	Date   string `json:"date"`
	Status string `json:"status"`
}

// auditGrid builds the grid of programme p (its Audits already read).
func auditGrid(res *run.Outcome, cov *coverage.Report, p AuditProgramme, start string, months int, plans []map[string]any) AuditGrid {
	g := AuditGrid{Cycles: []AuditCycle{}, Rows: []AuditRow{}}
	if p.CycleStart == "" {
		return g
	}
	// From the cycle of the earliest audit to the later of today's and
	// the last audit's.
	first, last := p.CycleStart, p.CycleStart
	for _, a := range p.Audits {
		if a.Status == "cancelled" || !isDate(a.Date) {
			continue
		}
		if from, _ := cycleOn(start, months, a.Date); from < first {
			first = from
		}
		if from, _ := cycleOn(start, months, a.Date); from > last {
			last = from
		}
	}
	for from := first; from <= last && len(g.Cycles) < 100; {
		s, e := cycleOn(start, months, from)
		g.Cycles = append(g.Cycles, AuditCycle{Start: s, End: e, Current: s == p.CycleStart})
		next, _ := time.Parse(dateLayout, e)
		from = next.AddDate(0, 0, 1).Format(dateLayout)
	}
	cycleOf := func(date string) int {
		for i, c := range g.Cycles {
			if c.Start <= date && date <= c.End {
				return i
			}
		}
		return -1
	}

	docClauses := map[string][]string{}
	for _, d := range res.Repo.Documents {
		if id := str(d.Meta, "id"); id != "" && docClauses[id] == nil {
			docClauses[id] = append([]string{}, strs(d.Meta, "clauses")...)
		}
	}
	// What each live audit reaches: clauses (its own and its documents')
	// and process names, compared as the rules compare them.
	type reach struct {
		mark      AuditMark
		cycle     int
		clauses   []string
		processes map[string]bool
	}
	var reached []reach
	for _, a := range plans {
		mark := AuditMark{ID: str(a, "id"), Date: str(a, "date"), Status: str(a, "status")}
		if mark.ID == "" || !isDate(mark.Date) || mark.Status == "cancelled" {
			continue
		}
		scope, _ := a["scope"].(map[string]any)
		r := reach{mark: mark, cycle: cycleOf(mark.Date), clauses: strs(scope, "clauses"), processes: map[string]bool{}}
		for _, id := range strs(scope, "documents") {
			r.clauses = append(r.clauses, docClauses[id]...)
		}
		for _, x := range strs(scope, "processes") {
			r.processes[processKey(x)] = true
		}
		if r.cycle >= 0 {
			reached = append(reached, r)
		}
	}
	sort.SliceStable(reached, func(i, j int) bool { return reached[i].mark.Date < reached[j].mark.Date })

	unaudited := map[string]bool{}
	for _, f := range res.Findings {
		if rest, ok := strings.CutPrefix(f.Subject, p.ID+"/"); ok && (f.Rule == "audit.clause-unaudited" || f.Rule == "audit.process-unaudited") {
			unaudited[rest] = true
		}
	}
	row := func(kind, id, title string, hit func(reach) bool) AuditRow {
		r := AuditRow{Kind: kind, ID: id, Title: title, Unaudited: unaudited[id], Cells: make([][]AuditMark, len(g.Cycles))}
		for i := range r.Cells {
			r.Cells[i] = []AuditMark{}
		}
		for _, x := range reached {
			if hit(x) {
				r.Cells[x.cycle] = append(r.Cells[x.cycle], x.mark)
			}
		}
		return r
	}
	if cov != nil {
		for _, std := range cov.Standards {
			for _, c := range plannedClauses(std) {
				r := row("clause", c.ID, c.Title, func(x reach) bool {
					for _, s := range x.clauses {
						if s == c.ID || strings.HasPrefix(s, c.ID+".") || strings.HasPrefix(c.ID, s+".") {
							return true
						}
					}
					return false
				})
				r.Excluded = excludedWhole(std, c.ID)
				g.Rows = append(g.Rows, r)
			}
		}
	}
	for _, name := range manualProcesses(res.Repo) {
		key := processKey(name)
		g.Rows = append(g.Rows, row("process", name, "", func(x reach) bool { return x.processes[key] }))
	}
	return g
}

// plannedClauses are the clauses audit.clause-unaudited requires each
// cycle, in catalog order: one level below the chapters of the main body,
// and the Annex A themes.
func plannedClauses(std coverage.Standard) []coverage.Clause {
	parent := map[string]string{}
	for _, c := range std.Clauses {
		parent[c.ID] = c.Parent
	}
	var out []coverage.Clause
	for _, c := range std.Clauses {
		annex := strings.HasPrefix(c.Number, "A.")
		if annex && c.Parent == "" || !annex && c.Parent != "" && parent[c.Parent] == "" {
			out = append(out, c)
		}
	}
	return out
}

// excludedWhole: every leaf under id is excluded or not applicable.
func excludedWhole(std coverage.Standard, id string) bool {
	n := 0
	for _, c := range std.Clauses {
		if c.Leaf && (c.ID == id || strings.HasPrefix(c.ID, id+".")) {
			if c.Status != coverage.Excluded && c.Status != coverage.NotApplicable {
				return false
			}
			n++
		}
	}
	return n > 0
}

// manualProcesses are the process names of the quality manuals in force
// (written as a name or {name, owner}).
func manualProcesses(repo *model.Repository) []string {
	var out []string
	for _, d := range repo.Documents {
		if str(d.Meta, "kind") != "manual" || str(d.Meta, "status") != "approved" {
			continue
		}
		xs, _ := d.Meta["processes"].([]any)
		for _, x := range xs {
			switch v := x.(type) {
			case string:
				out = append(out, v)
			case map[string]any:
				if n := str(v, "name"); n != "" {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

func processKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
