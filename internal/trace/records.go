package trace

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/qmslint/qmslint/internal/model"
)

// CAPA statuses as written in the record.
const (
	CAPAOpen      = "open"
	CAPAClosed    = "closed"
	CAPACancelled = "cancelled"
)

// CAPA is a CAPA record as the trace stage reads it. Fields keep the
// spelling of the front matter; a field of the wrong type reads as empty,
// because the schema stage already reports it.
type CAPA struct {
	ID            string         `json:"id"`
	Title         string         `json:"title"`
	Status        string         `json:"status"`
	Source        string         `json:"source,omitempty"`
	Owner         string         `json:"owner,omitempty"`
	Opened        string         `json:"opened,omitempty"`
	Closed        string         `json:"closed,omitempty"`
	Findings      []string       `json:"findings"`
	Risks         []string       `json:"risks"`
	RootCause     string         `json:"root_cause,omitempty"`
	Actions       []Action       `json:"actions"`
	Effectiveness *Effectiveness `json:"effectiveness,omitempty"`
	File          string         `json:"file"`
	Line          int            `json:"line"`
}

// Action is one correction, corrective or preventive action of a CAPA.
type Action struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
	Owner       string `json:"owner,omitempty"`
	Due         string `json:"due,omitempty"`
	Done        string `json:"done,omitempty"`
}

// Effectiveness is the planned check that the actions worked.
type Effectiveness struct {
	Method   string `json:"method,omitempty"`
	Due      string `json:"due,omitempty"`
	Result   string `json:"result,omitempty"`
	Date     string `json:"date,omitempty"`
	FollowUp string `json:"follow_up,omitempty"`
}

// Waiver is a concession: named findings accepted until a date.
type Waiver struct {
	ID            string   `json:"id"`
	Findings      []string `json:"findings"`
	Justification string   `json:"justification,omitempty"`
	ApprovedBy    string   `json:"approved_by,omitempty"`
	Approved      string   `json:"approved,omitempty"`
	Expires       string   `json:"expires,omitempty"`
	File          string   `json:"file"`
	Line          int      `json:"line"`
}

// Records are the CAPAs and waivers of a repository, sorted by id.
type Records struct {
	CAPAs   []*CAPA
	Waivers []*Waiver
}

// Read collects the CAPA records and waivers among the repository's
// documents.
func Read(repo *model.Repository) *Records {
	r := &Records{}
	for _, d := range repo.Documents {
		switch model.Kind(d.Meta) {
		case "capa":
			r.CAPAs = append(r.CAPAs, readCAPA(d))
		case "waiver":
			r.Waivers = append(r.Waivers, &Waiver{
				ID: str(d.Meta, "id"), Findings: model.Strings(d.Meta["findings"]),
				Justification: str(d.Meta, "justification"), ApprovedBy: str(d.Meta, "approved_by"),
				Approved: str(d.Meta, "approved"), Expires: str(d.Meta, "expires"),
				File: d.File, Line: d.Line,
			})
		}
	}
	sort.SliceStable(r.CAPAs, func(i, j int) bool { return r.CAPAs[i].ID < r.CAPAs[j].ID })
	sort.SliceStable(r.Waivers, func(i, j int) bool { return r.Waivers[i].ID < r.Waivers[j].ID })
	return r
}

func readCAPA(d *model.Document) *CAPA {
	m := d.Meta
	c := &CAPA{
		ID: str(m, "id"), Title: str(m, "title"), Status: str(m, "status"),
		Source: str(m, "source"), Owner: str(m, "owner"),
		Opened: str(m, "opened"), Closed: str(m, "closed"),
		Findings: model.Strings(m["findings"]), Risks: model.Strings(m["risks"]),
		RootCause: str(m, "root_cause"), Actions: []Action{},
		File: d.File, Line: d.Line,
	}
	list, _ := m["actions"].([]any)
	for _, it := range list {
		a, _ := it.(map[string]any)
		c.Actions = append(c.Actions, Action{
			ID: str(a, "id"), Type: str(a, "type"), Description: str(a, "description"),
			Owner: str(a, "owner"), Due: str(a, "due"), Done: str(a, "done"),
		})
	}
	if e, ok := m["effectiveness"].(map[string]any); ok {
		c.Effectiveness = &Effectiveness{
			Method: str(e, "method"), Due: str(e, "due"), Result: str(e, "result"),
			Date: str(e, "date"), FollowUp: str(e, "follow_up"),
		}
	}
	return c
}

// CAPA returns the record with id, or nil.
func (r *Records) CAPA(id string) *CAPA {
	for _, c := range r.CAPAs {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// LateActions are the actions past their due date on day without a done
// date. A due date of today is not missed yet.
func (c *CAPA) LateActions(day string) []Action {
	var out []Action
	for _, a := range c.Actions {
		if a.Done == "" && before(a.Due, day) {
			out = append(out, a)
		}
	}
	return out
}

// EffectivenessLate reports whether the effectiveness check is past due on
// day without a result.
func (c *CAPA) EffectivenessLate(day string) bool {
	e := c.Effectiveness
	return e != nil && !judged(e.Result) && before(e.Due, day)
}

// Overdue reports whether an open CAPA has missed one of its dates. It is
// the definition capa.action-overdue and capa.effectiveness-overdue apply.
func (c *CAPA) Overdue(day string) bool {
	return c.Status == CAPAOpen && (len(c.LateActions(day)) > 0 || c.EffectivenessLate(day))
}

// PlaceholderActions are the action descriptions qmslint capa new
// writes into a draft. They describe no action, so a CAPA that still
// holds only these does not track its findings.
var PlaceholderActions = []string{
	"Correct what the findings below report.",
	"Remove the root cause so the findings do not recur (replace with the planned action and name an owner).",
}

// Missing says what an open CAPA lacks before it tracks the findings it
// names: a root cause or a containment (a correction action), an owner,
// and at least one real action with a due date. A draft of qmslint capa
// new has none of them: its placeholder actions describe no action, and
// a plan nobody owns or has started is no handling of a finding. Empty
// when the CAPA tracks.
func (c *CAPA) Missing() []string {
	var out []string
	real := func(a Action) bool {
		d := strings.TrimSpace(a.Description)
		return d != "" && !slices.Contains(PlaceholderActions, d)
	}
	contained, planned := false, false
	for _, a := range c.Actions {
		if !real(a) {
			continue
		}
		if a.Type == "correction" {
			contained = true
		}
		if a.Due != "" {
			planned = true
		}
	}
	if strings.TrimSpace(c.RootCause) == "" && !contained {
		out = append(out, "a root cause or a containment action")
	}
	if strings.TrimSpace(c.Owner) == "" {
		out = append(out, "an owner")
	}
	if !planned {
		out = append(out, "an action of its own (not the draft's placeholder) with a due date")
	}
	return out
}

// InEffect reports whether the waiver covers day: it was approved on or
// before day, and day is no later than its expiry. The day after expiry
// its findings are open again; before its approval they are not yet
// waived, whatever the record says.
func (w *Waiver) InEffect(day string) bool {
	if _, err := time.Parse(dateLayout, w.Expires); err != nil {
		return false
	}
	if _, err := time.Parse(dateLayout, w.Approved); err != nil {
		return false
	}
	return !before(w.Expires, day) && !before(day, w.Approved)
}

func judged(result string) bool { return result == "effective" || result == "not-effective" }

const dateLayout = "2006-01-02"

// before reports whether date a is a valid date earlier than day.
func before(a, day string) bool {
	ta, err1 := time.Parse(dateLayout, a)
	td, err2 := time.Parse(dateLayout, day)
	return err1 == nil && err2 == nil && ta.Before(td)
}

// Days is the number of whole days from a to b, 0 when either is no date.
func Days(a, b string) int {
	ta, err1 := time.Parse(dateLayout, a)
	tb, err2 := time.Parse(dateLayout, b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}
