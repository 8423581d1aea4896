package trace

import (
	"fmt"
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/model"
)

// CAPA states derived on a day, for capa list and the report.
const (
	StateOnTrack      = "on-track"
	StateOverdue      = "overdue"
	StateRecurring    = "recurring"
	StateEffective    = "effective"
	StateNotEffective = "not-effective"
	StateClosed       = "closed" // closed, effectiveness not recorded
	StateCancelled    = "cancelled"
)

// View is a CAPA as of a day: the record, the current state of every
// finding it names, the risks it names, and the findings about the record
// itself.
type View struct {
	*CAPA
	State   string `json:"state"`
	AgeDays int    `json:"age_days"`
	NextDue string `json:"next_due,omitempty"`
	// Trace holds one entry per finding the CAPA names, in its order.
	Trace     []FindingState `json:"trace"`
	RiskLinks []RiskLink     `json:"risk_links"`
	// Problems are findings whose subject is the record or one of its
	// parts (capa.action-overdue:CAPA-1/A2).
	Problems []finding.Finding `json:"problems"`
}

// FindingState is one named finding as of the day: still reported or not.
type FindingState struct {
	ID       string `json:"id"`
	Present  bool   `json:"present"`
	Status   string `json:"status,omitempty"`
	Severity string `json:"severity,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Message  string `json:"message,omitempty"`
}

// RiskLink is a risk a CAPA names, and where the risk is.
type RiskLink struct {
	ID     string `json:"id"`
	Exists bool   `json:"exists"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
}

// HistoryEntry is one CAPA in a risk's history.
type HistoryEntry struct {
	CAPA   string `json:"capa"`
	Title  string `json:"title"`
	Status string `json:"status"`
	State  string `json:"state"`
	Opened string `json:"opened,omitempty"`
	Closed string `json:"closed,omitempty"`
}

// Views builds the view of every CAPA from the traced findings of a run.
func Views(repo *model.Repository, recs *Records, fs []finding.Finding, day string) []View {
	byID := map[string]finding.Finding{}
	about := map[string][]finding.Finding{}
	for _, f := range fs {
		byID[f.ID] = f
		owner, _, _ := strings.Cut(f.Subject, "/")
		about[owner] = append(about[owner], f)
	}
	risks := Risks(repo)
	out := make([]View, 0, len(recs.CAPAs))
	for _, c := range recs.CAPAs {
		v := View{CAPA: c, Trace: []FindingState{}, RiskLinks: []RiskLink{}, Problems: about[c.ID]}
		if v.Problems == nil {
			v.Problems = []finding.Finding{}
		}
		present := false
		for _, id := range c.Findings {
			st := FindingState{ID: id}
			if f, ok := byID[id]; ok {
				present = true
				st = FindingState{ID: id, Present: true, Status: f.Status, Severity: f.Severity, File: f.File, Line: f.Line, Message: f.Message}
			}
			v.Trace = append(v.Trace, st)
		}
		for _, id := range c.Risks {
			loc, ok := risks[id]
			v.RiskLinks = append(v.RiskLinks, RiskLink{ID: id, Exists: ok, File: loc.File, Line: loc.Line})
		}
		v.State = state(c, present, day)
		end := day
		if c.Status != CAPAOpen && c.Closed != "" {
			end = c.Closed
		}
		v.AgeDays = Days(c.Opened, end)
		if c.Status == CAPAOpen {
			v.NextDue = nextDue(c)
		}
		out = append(out, v)
	}
	return out
}

func state(c *CAPA, present bool, day string) string {
	switch c.Status {
	case CAPAOpen:
		if c.Overdue(day) {
			return StateOverdue
		}
		return StateOnTrack
	case CAPAClosed:
		switch {
		case present:
			return StateRecurring
		case c.Effectiveness != nil && c.Effectiveness.Result == "effective":
			return StateEffective
		case c.Effectiveness != nil && c.Effectiveness.Result == "not-effective":
			return StateNotEffective
		}
		return StateClosed
	case CAPACancelled:
		return StateCancelled
	}
	return c.Status
}

// nextDue is the earliest date still ahead of the CAPA's owner (or already
// missed): an action not done, or the effectiveness check not judged.
func nextDue(c *CAPA) string {
	var dates []string
	for _, a := range c.Actions {
		if a.Done == "" && a.Due != "" {
			dates = append(dates, a.Due)
		}
	}
	if e := c.Effectiveness; e != nil && !judged(e.Result) && e.Due != "" {
		dates = append(dates, e.Due)
	}
	sort.Strings(dates)
	if len(dates) == 0 {
		return ""
	}
	return dates[0]
}

// History is each risk's CAPAs, oldest first: the risk register's link to
// what was done about the risk.
func History(views []View) map[string][]HistoryEntry {
	out := map[string][]HistoryEntry{}
	for _, v := range views {
		for _, r := range v.Risks {
			out[r] = append(out[r], HistoryEntry{CAPA: v.ID, Title: v.Title, Status: v.Status, State: v.State, Opened: v.Opened, Closed: v.Closed})
		}
	}
	for _, h := range out {
		sort.SliceStable(h, func(i, j int) bool {
			if h[i].Opened != h[j].Opened {
				return h[i].Opened < h[j].Opened
			}
			return h[i].CAPA < h[j].CAPA
		})
	}
	return out
}

// Location is a place in the repository.
type Location struct {
	File string
	Line int
}

// Risks maps the id of every risk in a risk register to where it is.
func Risks(repo *model.Repository) map[string]Location {
	out := map[string]Location{}
	for _, r := range repo.Registers {
		if model.Kind(r.Data) != "risk-register" {
			continue
		}
		items, _ := r.Data["risks"].([]any)
		for i, it := range items {
			m, _ := it.(map[string]any)
			if id := model.ID(m); id != "" {
				if _, dup := out[id]; !dup {
					p, _ := r.Pos.Lookup(fmt.Sprintf("/risks/%d", i))
					out[id] = Location{r.File, p.Line}
				}
			}
		}
	}
	return out
}
