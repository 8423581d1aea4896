package report

import (
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/finding"
)

// ClauseGroup is the findings whose first clause (the one the rule lists
// first, its main requirement) is Clause, rule by rule.
type ClauseGroup struct {
	Clause string      `json:"clause"` // "ISO27001:A.8.13", "" for none
	Title  string      `json:"title"`
	Count  int         `json:"count"`
	Rules  []RuleBlock `json:"rules"`
}

// RuleBlock is one rule's findings under a clause, with the reason the
// rule exists said once.
type RuleBlock struct {
	Rule     string    `json:"rule"`
	Title    string    `json:"title"`
	Why      string    `json:"why"`
	Findings []Finding `json:"findings"`
}

// Finding is one finding with its CAPA trace.
type Finding struct {
	ID       string    `json:"id"`
	Rule     string    `json:"rule"`
	Severity string    `json:"severity"`
	Status   string    `json:"status"`
	Clauses  []string  `json:"clauses"`
	File     string    `json:"file"`
	Line     int       `json:"line"`
	Message  string    `json:"message"`
	CAPA     []CAPARef `json:"capa"`
	Subject  string    `json:"subject"`
	sev      int       // rank, for sorting
}

// CAPARef is a CAPA naming a finding, as of the report's date.
type CAPARef struct {
	ID      string `json:"id"`
	State   string `json:"state"`
	NextDue string `json:"next_due,omitempty"`
}

// RuleReference is the metadata of a rule with findings in the report.
type RuleReference struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Severity    string   `json:"severity"`
	Clauses     []string `json:"clauses"`
	Description string   `json:"description"`
	Findings    int      `json:"findings"`
}

func ruleIndex(rules []finding.Rule) map[string]finding.Rule {
	out := make(map[string]finding.Rule, len(rules))
	for _, r := range rules {
		out[r.ID] = r
	}
	return out
}

// why is the rule's description on one line.
func why(r finding.Rule) string { return strings.Join(strings.Fields(r.Description), " ") }

func usedRules(fs []finding.Finding, rules map[string]finding.Rule) []RuleReference {
	count := map[string]int{}
	for _, f := range fs {
		count[f.Rule]++
	}
	out := make([]RuleReference, 0, len(count))
	for id, n := range count {
		r := rules[id]
		out = append(out, RuleReference{ID: id, Title: title(r, id), Severity: r.Severity, Clauses: nonNil(r.Clauses), Description: why(r), Findings: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func title(r finding.Rule, id string) string {
	if r.Title != "" {
		return r.Title
	}
	return id
}

// primary is the clause a finding is filed under.
func primary(f finding.Finding) string {
	if len(f.Clauses) == 0 {
		return ""
	}
	return f.Clauses[0]
}

func findingGroups(set *catalog.Set, fs []finding.Finding, rules map[string]finding.Rule, caps []CAPA) []ClauseGroup {
	byCAPA := map[string]CAPA{}
	for _, c := range caps {
		byCAPA[c.ID] = c
	}
	groups := map[string]*ClauseGroup{}
	blocks := map[string]map[string]*RuleBlock{}
	for _, f := range fs {
		cl := primary(f)
		g := groups[cl]
		if g == nil {
			g = &ClauseGroup{Clause: cl, Title: clauseTitle(set, cl)}
			groups[cl] = g
			blocks[cl] = map[string]*RuleBlock{}
		}
		g.Count++
		b := blocks[cl][f.Rule]
		if b == nil {
			r := rules[f.Rule]
			b = &RuleBlock{Rule: f.Rule, Title: title(r, f.Rule), Why: why(r)}
			blocks[cl][f.Rule] = b
		}
		b.Findings = append(b.Findings, convert(f, byCAPA))
	}
	out := make([]ClauseGroup, 0, len(groups))
	for cl, g := range groups {
		for _, b := range blocks[cl] {
			sortFindings(b.Findings)
			g.Rules = append(g.Rules, *b)
		}
		sort.Slice(g.Rules, func(i, j int) bool { return g.Rules[i].Rule < g.Rules[j].Rule })
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return lessClause(out[i].Clause, out[j].Clause) })
	return out
}

// lessClause orders clauses as the standards do, findings without a
// clause last.
func lessClause(a, b string) bool {
	if (a == "") != (b == "") {
		return b == ""
	}
	return catalog.LessID(a, b)
}

func convert(f finding.Finding, caps map[string]CAPA) Finding {
	out := Finding{
		ID: f.ID, Rule: f.Rule, Severity: f.Severity, Status: f.Status, Clauses: nonNil(f.Clauses),
		File: f.File, Line: f.Line, Message: f.Message, Subject: f.Subject, CAPA: []CAPARef{},
		sev: finding.Rank(f.Severity),
	}
	for _, id := range f.CAPA {
		ref := CAPARef{ID: id}
		if c, ok := caps[id]; ok {
			ref.State, ref.NextDue = c.State, c.NextDue
		}
		out.CAPA = append(out.CAPA, ref)
	}
	return out
}

// sortFindings puts the most severe first, then by place and id.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.sev != b.sev {
			return a.sev > b.sev
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.ID < b.ID
	})
}

// clauseTitle is "ISO 27001 A.8.13 Information backup" style: the
// catalog's short title of the clause, "" when unknown.
func clauseTitle(set *catalog.Set, id string) string {
	std, num, ok := strings.Cut(id, ":")
	if !ok {
		return ""
	}
	cat, found := set.ByStandard(std)
	if !found {
		return ""
	}
	if c, ok := cat.Clauses[num]; ok {
		return c.Title
	}
	return ""
}

// groupOf is the clause group ("ISO27001:A.8", "ISO13485:7") of a clause.
func groupOf(set *catalog.Set, id string) string {
	std, num, ok := strings.Cut(id, ":")
	if !ok {
		return ""
	}
	if cat, found := set.ByStandard(std); found {
		if c, ok := cat.Clauses[num]; ok && c.Group != "" {
			return std + ":" + c.Group
		}
	}
	parts := strings.Split(num, ".")
	if parts[0] == "A" && len(parts) > 1 {
		return std + ":A." + parts[1]
	}
	return std + ":" + parts[0]
}

// groupTitle is the title the catalog gives a clause group.
func groupTitle(set *catalog.Set, id string) string {
	std, num, _ := strings.Cut(id, ":")
	if cat, found := set.ByStandard(std); found {
		if t := cat.Groups[num]; t != "" {
			return t
		}
		if c, ok := cat.Clauses[num]; ok {
			return c.Title
		}
	}
	return ""
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
