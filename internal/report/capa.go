package report

import (
	"github.com/qmslint/qmslint/internal/run"
	"github.com/qmslint/qmslint/internal/trace"
)

// CAPA is one CAPA record as of the report's date: its derived state, its
// actions and effectiveness check, the findings it names (still reported
// or not) and the findings about the record itself.
type CAPA struct {
	ID            string               `json:"id"`
	Title         string               `json:"title"`
	Status        string               `json:"status"`
	State         string               `json:"state"`
	Source        string               `json:"source,omitempty"`
	Owner         string               `json:"owner,omitempty"`
	Opened        string               `json:"opened,omitempty"`
	Closed        string               `json:"closed,omitempty"`
	AgeDays       int                  `json:"age_days"`
	NextDue       string               `json:"next_due,omitempty"`
	Late          bool                 `json:"late"`
	RootCause     string               `json:"root_cause,omitempty"`
	Actions       []Action             `json:"actions"`
	Effectiveness *trace.Effectiveness `json:"effectiveness,omitempty"`
	Findings      []trace.FindingState `json:"findings"`
	Risks         []string             `json:"risks"`
	Problems      []string             `json:"problems"`
	File          string               `json:"file"`
	Line          int                  `json:"line"`
}

// Action is a CAPA action, marked late when its due date has passed
// without a done date.
type Action struct {
	trace.Action
	Late bool `json:"late"`
}

// capaBoard is every CAPA, sorted by id (trace.Read sorts them).
func capaBoard(res *run.Outcome) []CAPA {
	views := trace.Views(res.Repo, trace.Read(res.Repo), res.Findings, res.Date)
	out := make([]CAPA, 0, len(views))
	for _, v := range views {
		late := map[string]bool{}
		for _, a := range v.LateActions(res.Date) {
			late[a.ID] = true
		}
		c := CAPA{
			ID: v.ID, Title: v.Title, Status: v.Status, State: v.State, Source: v.Source, Owner: v.Owner,
			Opened: v.Opened, Closed: v.Closed, AgeDays: v.AgeDays, NextDue: v.NextDue,
			Late: v.Overdue(res.Date), RootCause: v.RootCause, Effectiveness: v.Effectiveness,
			Actions: []Action{}, Findings: v.Trace, Risks: nonNil(v.Risks), Problems: []string{},
			File: v.File, Line: v.Line,
		}
		for _, a := range v.Actions {
			c.Actions = append(c.Actions, Action{Action: a, Late: v.Status == trace.CAPAOpen && late[a.ID]})
		}
		for _, p := range v.Problems {
			c.Problems = append(c.Problems, p.ID)
		}
		out = append(out, c)
	}
	return out
}
