package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/finding"
)

// Summary is the first page: the figures and what needs attention.
type Summary struct {
	Total    int             `json:"total"`
	Severity finding.Summary `json:"severity"`
	Status   StatusCounts    `json:"status"`
	Coverage []Percent       `json:"coverage"`
	// KeyRisks are what an auditor should read first: the rules with
	// major findings nobody handles, and the risks above acceptance.
	KeyRisks []KeyRisk    `json:"key_risks"`
	Groups   []GroupCount `json:"groups"`
	CAPAs    StateCounts  `json:"capas"`
	// ReviewsOverdue counts documents past their review date.
	ReviewsOverdue int    `json:"reviews_overdue"`
	Trend          *Trend `json:"trend"`
}

// StatusCounts counts findings by trace status.
type StatusCounts struct {
	Open      int `json:"open"`
	Tracked   int `json:"tracked"`
	Overdue   int `json:"overdue"`
	Recurring int `json:"recurring"`
	Waived    int `json:"waived"`
}

// StateCounts counts CAPAs by derived state, in a fixed order.
type StateCounts []Count

// Count is one labelled number.
type Count struct {
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Percent is a standard's coverage figure.
type Percent struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Addressed int     `json:"addressed"`
	Leaves    int     `json:"leaves"`
	Percent   float64 `json:"percent"`
}

// KeyRisk is one line of the key risks box.
type KeyRisk struct {
	Kind     string   `json:"kind"` // finding or risk
	Rule     string   `json:"rule,omitempty"`
	Title    string   `json:"title"`
	Severity string   `json:"severity"`
	Count    int      `json:"count"`
	Subjects []string `json:"subjects"`
	// Example is the message of the first finding: what exactly is wrong.
	Example string `json:"example"`
	Why     string `json:"why"`
}

// GroupCount is the number of findings filed under a clause group.
type GroupCount struct {
	Group       string `json:"group"` // "ISO27001:A.8"
	Title       string `json:"title"`
	Major       int    `json:"major"`
	Minor       int    `json:"minor"`
	Observation int    `json:"observation"`
}

// Total is the group's count.
func (g GroupCount) Total() int { return g.Major + g.Minor + g.Observation }

// Trend compares with the findings at an earlier commit.
type Trend struct {
	Ref       string      `json:"ref"`
	Commit    string      `json:"commit"`
	New       []TrendItem `json:"new"`
	Resolved  []TrendItem `json:"resolved"`
	StillOpen []TrendItem `json:"still_open"`
}

// TrendItem is a finding in the trend.
type TrendItem struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
}

// maxKeyRisks keeps the box on the first page.
const maxKeyRisks = 6

// untreated statuses: nobody handles the finding, or the handling failed.
var untreated = map[string]bool{finding.StatusOpen: true, finding.StatusOverdue: true, finding.StatusRecurring: true}

func summary(in Input, r *Report, rules map[string]finding.Rule) Summary {
	fs := in.Lint.Findings
	s := Summary{Total: len(fs), Severity: finding.Summarize(fs), Coverage: []Percent{}, KeyRisks: []KeyRisk{}, Groups: []GroupCount{}}
	for _, f := range fs {
		switch f.Status {
		case finding.StatusOpen:
			s.Status.Open++
		case finding.StatusTracked:
			s.Status.Tracked++
		case finding.StatusOverdue:
			s.Status.Overdue++
		case finding.StatusRecurring:
			s.Status.Recurring++
		case finding.StatusWaived:
			s.Status.Waived++
		}
	}
	for _, m := range r.Coverage {
		s.Coverage = append(s.Coverage, Percent{ID: m.ID, Name: m.Name, Addressed: m.Addressed, Leaves: m.Leaves, Percent: m.Percent})
	}
	s.KeyRisks = keyRisks(fs, rules, r.Risks)
	s.Groups = groupCounts(known(in.Lint), fs)
	s.CAPAs = capaStates(r.CAPAs)
	for _, d := range r.Documents {
		if d.ReviewOverdue {
			s.ReviewsOverdue++
		}
	}
	if in.Since != nil {
		s.Trend = trend(in.Since, fs)
	}
	return s
}

func keyRisks(fs []finding.Finding, rules map[string]finding.Rule, rk Risks) []KeyRisk {
	byRule := map[string]*KeyRisk{}
	for _, f := range fs {
		if f.Severity != finding.Major || !untreated[f.Status] {
			continue
		}
		k := byRule[f.Rule]
		if k == nil {
			r := rules[f.Rule]
			k = &KeyRisk{Kind: "finding", Rule: f.Rule, Title: title(r, f.Rule), Severity: f.Severity, Why: firstSentence(why(r)), Subjects: []string{}}
			byRule[f.Rule] = k
		}
		k.Count++
		k.Subjects = append(k.Subjects, f.Subject)
	}
	out := make([]KeyRisk, 0, len(byRule)+1)
	for _, k := range byRule {
		sort.Strings(k.Subjects)
		out = append(out, *k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rule < out[j].Rule })
	// The example is the finding with the lowest id, whatever order the
	// findings came in.
	for i := range out {
		first := ""
		for _, f := range fs {
			if f.Rule == out[i].Rule && f.Severity == finding.Major && untreated[f.Status] && (first == "" || f.ID < first) {
				first, out[i].Example = f.ID, f.Message
			}
		}
	}
	more := 0
	if len(out) > maxKeyRisks {
		more = len(out) - maxKeyRisks
		out = out[:maxKeyRisks]
	}
	// Risks accepted on record are a decision, not a key risk: the box
	// names those the risk rules report.
	var open []Risk
	for _, x := range rk.AboveAcceptance {
		if !x.Accepted {
			open = append(open, x)
		}
	}
	if n := len(open); n > 0 {
		k := KeyRisk{Kind: "risk", Title: "Risks above the acceptance threshold after treatment, not accepted", Severity: finding.Major, Count: n, Subjects: []string{}}
		for _, x := range open {
			k.Subjects = append(k.Subjects, x.ID)
		}
		top := open[0]
		how := "initial rating, no residual given"
		if top.Residual {
			how = "residual rating"
		}
		k.Example = fmt.Sprintf("%s scores %d (%s) against an acceptance threshold of %s in %s: %s", top.ID, top.After, how, trimFloat(top.Acceptance), top.Register, top.Description)
		k.Why = "A risk above the organisation's own acceptance threshold needs further treatment or a recorded decision to accept it."
		out = append(out, k)
	}
	if more > 0 {
		out = append(out, KeyRisk{Kind: "more", Title: fmt.Sprintf("%d more rules with untreated major findings (see Findings)", more), Severity: finding.Major, Subjects: []string{}})
	}
	return out
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}

func trimFloat(f float64) string { return strings.TrimSuffix(fmt.Sprintf("%g", f), ".0") }

func groupCounts(set *catalog.Set, fs []finding.Finding) []GroupCount {
	m := map[string]*GroupCount{}
	for _, f := range fs {
		g := ""
		if cl := primary(f); cl != "" {
			g = groupOf(set, cl)
		}
		c := m[g]
		if c == nil {
			c = &GroupCount{Group: g, Title: groupTitle(set, g)}
			if g == "" {
				c.Title = "no clause"
			}
			m[g] = c
		}
		switch f.Severity {
		case finding.Major:
			c.Major++
		case finding.Minor:
			c.Minor++
		default:
			c.Observation++
		}
	}
	out := make([]GroupCount, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return lessClause(out[i].Group, out[j].Group) })
	return out
}

// capaOrder lists the CAPA states as a reader scans them: late first.
var capaOrder = []string{"overdue", "recurring", "on-track", "not-effective", "effective", "closed", "cancelled"}

func capaStates(caps []CAPA) StateCounts {
	n := map[string]int{}
	for _, c := range caps {
		n[c.State]++
	}
	out := StateCounts{}
	for _, st := range capaOrder {
		if n[st] > 0 {
			out = append(out, Count{Label: st, N: n[st]})
			delete(n, st)
		}
	}
	var rest []string
	for st := range n {
		rest = append(rest, st)
	}
	sort.Strings(rest)
	for _, st := range rest {
		out = append(out, Count{Label: st, N: n[st]})
	}
	return out
}

func trend(since *Since, fs []finding.Finding) *Trend {
	t := &Trend{Ref: since.Ref, Commit: since.Commit, New: []TrendItem{}, Resolved: []TrendItem{}, StillOpen: []TrendItem{}}
	before := map[string]finding.Finding{}
	for _, f := range since.Findings {
		before[f.ID] = f
	}
	now := map[string]bool{}
	for _, f := range fs {
		now[f.ID] = true
		item := TrendItem{ID: f.ID, Severity: f.Severity, Status: f.Status}
		if _, ok := before[f.ID]; ok {
			t.StillOpen = append(t.StillOpen, item)
		} else {
			t.New = append(t.New, item)
		}
	}
	for _, f := range since.Findings {
		if !now[f.ID] {
			t.Resolved = append(t.Resolved, TrendItem{ID: f.ID, Severity: f.Severity, Status: f.Status})
			now[f.ID] = true // a finding id listed twice earlier is resolved once
		}
	}
	for _, l := range [][]TrendItem{t.New, t.Resolved, t.StillOpen} {
		sort.Slice(l, func(i, j int) bool { return l[i].ID < l[j].ID })
	}
	return t
}
