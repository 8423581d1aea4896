package report

import (
	"bufio"
	"fmt"
	"github.com/qmslint/qmslint/internal/catalog"
	"io"
	"strings"
)

// Markdown writes the report with the same sections as the HTML, as
// tables, fit to commit beside the audit record or paste into a review.
func Markdown(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	m := &md{b}
	m.cover(r)
	m.summary(r)
	m.coverage(r)
	m.soa(r)
	m.findings(r)
	m.capas(r)
	m.documents(r)
	m.risks(r)
	m.infrastructure(r)
	m.training(r)
	m.audits(r)
	m.rules(r)
	return b.Flush()
}

type md struct{ w *bufio.Writer }

func (m *md) p(format string, args ...any) { fmt.Fprintf(m.w, format, args...) }

// table writes a header and rows, every cell escaped.
func (m *md) table(head []string, rows [][]string) {
	m.p("\n|")
	for _, h := range head {
		m.p(" %s |", h)
	}
	m.p("\n|")
	for range head {
		m.p(" --- |")
	}
	m.p("\n")
	for _, r := range rows {
		m.p("|")
		for _, c := range r {
			m.p(" %s |", cell(c))
		}
		m.p("\n")
	}
}

// cellEscaper keeps a value inside its cell: pipes end cells, newlines
// end rows, and angle brackets would be read as HTML.
var cellEscaper = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "\r\n", " ", "\n", " ", "\t", " ")

func cell(s string) string { return cellEscaper.Replace(strings.TrimSpace(s)) }

func (m *md) cover(r *Report) {
	c := r.Cover
	m.p("# Internal audit report: %s\n\n", c.Organisation)
	var std []string
	for _, s := range c.Standards {
		std = append(std, s.Name)
	}
	rows := [][]string{
		{"Organisation", withSource(c.Organisation, c.OrganisationSource)},
		{"Scope", withSource(c.Scope, c.ScopeSource)},
		{"Standards", strings.Join(std, ", ")},
		{"Evaluated as of", c.Date},
		{"Repository", c.Root},
		{"Commit", orDash(c.Commit, "not a Git repository")},
		{"qmslint", c.QMSLintVersion},
		{"Configuration", orDash(c.Config, "defaults (no .qmslint.yaml)")},
		{"Policies", strings.Join(c.Policies, ", ")},
		{"Inputs (SHA-256)", fmt.Sprintf("%s over %d files", c.InputsSHA256, c.Files)},
	}
	m.table([]string{"Field", "Value"}, rows)
}

func withSource(v, src string) string {
	if src == "" {
		return v
	}
	return v + " (from " + src + ")"
}

func orDash(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

func (m *md) summary(r *Report) {
	s := r.Summary
	m.p("\n## Summary\n")
	m.p("\n### Key risks\n\n")
	if len(s.KeyRisks) == 0 {
		m.p("No untreated major finding and no risk above its acceptance threshold.\n")
	}
	for _, k := range s.KeyRisks {
		if k.Kind == "more" {
			m.p("- %s\n", k.Title)
			continue
		}
		m.p("- **%s** (%d: %s)", k.Title, k.Count, strings.Join(clipList(k.Subjects, 8), ", "))
		if k.Example != "" {
			m.p(": %s", k.Example)
		}
		m.p("\n")
	}
	m.table([]string{"Findings", "major", "minor", "observation", "open", "overdue", "recurring", "tracked", "waived"}, [][]string{{
		itoa(s.Total), itoa(s.Severity.Major), itoa(s.Severity.Minor), itoa(s.Severity.Observation),
		itoa(s.Status.Open), itoa(s.Status.Overdue), itoa(s.Status.Recurring), itoa(s.Status.Tracked), itoa(s.Status.Waived),
	}})
	if len(s.Coverage) > 0 {
		var rows [][]string
		for _, c := range s.Coverage {
			rows = append(rows, []string{c.Name, fmt.Sprintf("%d of %d", c.Addressed, c.Leaves), pct(c.Percent)})
		}
		m.table([]string{"Standard", "Clauses addressed", "Coverage"}, rows)
	}
	if r.CoverageNote != "" {
		m.p("\n%s\n", r.CoverageNote)
	}
	var caps []string
	for _, c := range s.CAPAs {
		caps = append(caps, fmt.Sprintf("%d %s", c.N, c.Label))
	}
	m.p("\nCAPAs: %s. Documents past their review date: %d.\n", orDash(strings.Join(caps, ", "), "none"), s.ReviewsOverdue)
	if len(s.Groups) > 0 {
		var rows [][]string
		for _, g := range s.Groups {
			rows = append(rows, []string{r.groupLabel(g.Group), g.Title, itoa(g.Major), itoa(g.Minor), itoa(g.Observation), itoa(g.Total())})
		}
		m.p("\n### Findings per clause group\n")
		m.table([]string{"Group", "Title", "major", "minor", "observation", "total"}, rows)
	}
	if t := s.Trend; t != nil {
		m.p("\n### Since %s (%s)\n\n%d new, %d resolved, %d still reported.\n", t.Ref, t.Commit, len(t.New), len(t.Resolved), len(t.StillOpen))
		var rows [][]string
		for _, x := range []struct {
			label string
			items []TrendItem
		}{{"new", t.New}, {"resolved", t.Resolved}, {"still reported", t.StillOpen}} {
			for _, it := range x.items {
				rows = append(rows, []string{x.label, it.ID, it.Severity, it.Status})
			}
		}
		if len(rows) > 0 {
			m.table([]string{"Change", "Finding", "Severity", "Status"}, rows)
		}
	}
}

func (m *md) coverage(r *Report) {
	m.p("\n## Clause coverage\n")
	if r.CoverageNote != "" {
		m.p("\n%s\n", r.CoverageNote)
	}
	for _, x := range r.Coverage {
		m.p("\n### %s\n\n%d of %d clauses addressed (%s): %d covered, %d excluded, %d not applicable, %d uncovered.\n",
			x.Name, x.Addressed, x.Leaves, pct(x.Percent), x.Covered, x.Excluded, x.NotApplicable, x.Uncovered)
		var rows [][]string
		for _, c := range x.Clauses {
			status := c.Status
			if status == "uncovered" {
				status = "**uncovered**"
			}
			rows = append(rows, []string{c.Number, c.Title, status, docRefs(c.Documents), c.Note})
		}
		m.table([]string{"Clause", "Title", "Status", "Documents", "Note"}, rows)
	}
}

func docRefs(ds []DocRef) string {
	var out []string
	for _, d := range ds {
		if d.InForce {
			out = append(out, d.ID)
		} else {
			out = append(out, d.ID+" (not in force)")
		}
	}
	return strings.Join(out, ", ")
}

func (m *md) soa(r *Report) {
	m.p("\n## Statement of Applicability\n")
	s := r.SoA
	if s == nil {
		m.p("\n%s is not among the enabled standards, or coverage was not computed: there is no Statement of Applicability to show.\n", r.SoAStandards())
		return
	}
	src := "none found: every control is undecided"
	if len(s.Sources) > 0 {
		src = strings.Join(s.Sources, ", ")
	}
	m.p("\nSource: %s. %d controls: %d applicable, %d not applicable, %d not decided.\n", src, len(s.Rows), s.Applicable, s.NotApplicable, s.Undecided)
	var rows [][]string
	for _, x := range s.Rows {
		rows = append(rows, []string{clauseNumber(x.Control), x.Title, x.Applicable, x.Justification, strings.Join(x.ImplementedBy, ", "), x.Status})
	}
	m.table([]string{"Control", "Title", "Applicable", "Justification", "Implemented by", "Status"}, rows)
}

func (m *md) findings(r *Report) {
	m.p("\n## Findings by clause\n")
	if len(r.Findings) == 0 {
		m.p("\nNo findings as of %s.\n", r.Cover.Date)
	}
	for _, g := range r.Findings {
		m.p("\n### %s %s (%d)\n", orDash(r.clauseLabel(g.Clause), "No clause"), g.Title, g.Count)
		for _, b := range g.Rules {
			m.p("\n**%s** (`%s`): %s\n", b.Title, b.Rule, b.Why)
			var rows [][]string
			for _, f := range b.Findings {
				rows = append(rows, []string{f.ID, f.Severity, f.Status, place(f.File, f.Line), f.Message, capaText(f.CAPA)})
			}
			m.table([]string{"Finding", "Severity", "Status", "Where", "Message", "CAPA"}, rows)
		}
	}
}

func capaText(refs []CAPARef) string {
	var out []string
	for _, c := range refs {
		s := c.ID
		if c.State != "" {
			s += " " + c.State
		}
		if c.NextDue != "" {
			s += ", next due " + c.NextDue
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func (m *md) capas(r *Report) {
	m.p("\n## CAPA board\n")
	if len(r.CAPAs) == 0 {
		m.p("\nNo CAPA records.\n")
		return
	}
	var rows [][]string
	for _, c := range r.CAPAs {
		rows = append(rows, []string{c.ID, c.Title, c.State, c.Owner, c.Opened, c.Closed, c.NextDue, effText(c)})
	}
	m.table([]string{"CAPA", "Title", "State", "Owner", "Opened", "Closed", "Next due", "Effectiveness"}, rows)
	for _, c := range r.CAPAs {
		m.p("\n### %s: %s\n\n%s, %s; %s (%s).\n", c.ID, c.Title, c.Status, c.State, place(c.File, c.Line), orDash(c.Source, "source not stated"))
		if c.RootCause != "" {
			m.p("\nRoot cause: %s\n", strings.Join(strings.Fields(c.RootCause), " "))
		}
		var rows [][]string
		for _, a := range c.Actions {
			late := ""
			if a.Late {
				late = "**late**"
			}
			rows = append(rows, []string{a.ID, a.Type, a.Description, a.Owner, a.Due, a.Done, late})
		}
		if len(rows) > 0 {
			m.table([]string{"Action", "Type", "Description", "Owner", "Due", "Done", ""}, rows)
		}
		rows = nil
		for _, f := range c.Findings {
			state := "no longer reported"
			if f.Present {
				state = f.Status + ", " + f.Severity + ", " + place(f.File, f.Line)
			}
			rows = append(rows, []string{f.ID, state})
		}
		for _, p := range c.Problems {
			rows = append(rows, []string{p, "finding about this record"})
		}
		if len(rows) > 0 {
			m.table([]string{"Finding named", "Now"}, rows)
		}
		if len(c.Risks) > 0 {
			m.p("\nRisks: %s.\n", strings.Join(c.Risks, ", "))
		}
	}
}

func effText(c CAPA) string {
	e := c.Effectiveness
	if e == nil {
		return ""
	}
	s := orDash(e.Result, "pending")
	if e.Date != "" {
		s += " " + e.Date
	} else if e.Due != "" {
		s += ", due " + e.Due
	}
	if e.FollowUp != "" {
		s += ", follow-up " + e.FollowUp
	}
	return s
}

func (m *md) documents(r *Report) {
	m.p("\n## Document register\n\n%d documents and registers; %d past their review date.\n", len(r.Documents), r.Summary.ReviewsOverdue)
	var rows [][]string
	for _, d := range r.Documents {
		next := d.NextReview
		if d.ReviewOverdue {
			next = "**" + next + " overdue**"
		}
		rows = append(rows, []string{d.ID, d.Title, d.Kind, d.Revision, d.Status, d.Owner, approvals(d.Approvals), d.Effective, next})
	}
	m.table([]string{"ID", "Title", "Kind", "Rev", "Status", "Owner", "Approval", "Effective", "Next review"}, rows)
}

func approvals(as []Approval) string {
	var out []string
	for _, a := range as {
		s := strings.TrimSpace(a.By + " " + a.Date)
		if len(a.Evidence) > 0 {
			s += " (" + strings.Join(a.Evidence, ", ") + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func (m *md) risks(r *Report) {
	m.p("\n## Risk register overview\n")
	if len(r.Risks.Registers) == 0 {
		m.p("\nNo risk register (kind: risk-register) was found.\n")
		return
	}
	for _, g := range r.Risks.Registers {
		m.p("\n### %s %s\n\n%d risks; acceptance threshold %s.", g.ID, g.Title, g.Risks, acceptance(g.Acceptance))
		if g.Unscored > 0 {
			m.p(" %d without a valid likelihood and severity.", g.Unscored)
		}
		m.p("\n")
		m.heat("Before treatment", g.Before)
		m.heat("After treatment", g.After)
	}
	m.p("\n### Risks above acceptance after treatment\n")
	if len(r.Risks.AboveAcceptance) == 0 {
		m.p("\nNone.\n")
		return
	}
	var rows [][]string
	for _, k := range r.Risks.AboveAcceptance {
		rows = append(rows, []string{k.ID, k.Register, k.Description, fmt.Sprintf("%d×%d=%d", k.Likelihood, k.Severity, k.Score), afterText(k), acceptance(k.Acceptance), k.Treatment, strings.Join(k.CAPAs, ", ")})
	}
	m.table([]string{"Risk", "Register", "Description", "Initial", "After treatment", "Acceptance", "Treatment", "CAPAs"}, rows)
}

func afterText(k Risk) string {
	if k.Residual {
		return itoa(k.After)
	}
	return itoa(k.After) + " (no residual)"
}

func acceptance(a float64) string {
	if a == 0 {
		return "not set"
	}
	return trimFloat(a)
}

func (m *md) heat(label string, h Heat) {
	m.p("\n%s (rows: likelihood 5 to 1; columns: severity 1 to 5):\n", label)
	var rows [][]string
	for l := 5; l >= 1; l-- {
		row := []string{itoa(l)}
		for s := 1; s <= 5; s++ {
			row = append(row, itoa(h[l-1][s-1]))
		}
		rows = append(rows, row)
	}
	m.table([]string{"L \\ S", "1", "2", "3", "4", "5"}, rows)
}

func (m *md) infrastructure(r *Report) {
	in := r.Infrastructure
	m.p("\n## Infrastructure\n")
	if len(in.Buildings) == 0 && len(in.Unplaced) == 0 {
		m.p("\nNo infrastructure inventory (kind: inventory) was found.\n")
		return
	}
	var rows [][]string
	for _, b := range in.Buildings {
		var as []string
		for _, a := range b.Assets {
			as = append(as, assetText(a))
		}
		rows = append(rows, []string{b.Building, b.Campus, b.Provider, b.Location, strings.Join(b.Sites, ", "), strings.Join(as, ", ")})
	}
	m.table([]string{"Building", "Campus", "Provider", "Location", "Sites", "Assets"}, rows)
	m.impact(in.Impact)
	m.p("\n### Backups\n")
	rows = nil
	for _, b := range in.Backups {
		sep := b.Separation
		if sep == SameBuilding {
			sep = "**SAME BUILDING**"
		}
		rows = append(rows, []string{b.Production, b.ProductionBuilding, b.Backup, b.BackupBuilding, sep})
	}
	if len(rows) == 0 {
		m.p("\nNo asset with role backup names what it backs up.\n")
	} else {
		m.table([]string{"Production", "Building", "Backup", "Backup building", "Separation"}, rows)
	}
	if len(in.Unprotected) > 0 {
		m.p("\nProduction assets no backup names: %s.\n", strings.Join(in.Unprotected, ", "))
	}
	if len(in.Unplaced) > 0 {
		var ids []string
		for _, a := range in.Unplaced {
			ids = append(ids, a.ID+" (site "+a.Site+")")
		}
		m.p("\nAssets at a site the inventory does not list: %s.\n", strings.Join(ids, ", "))
	}
}

// impact is the HTML report's "Losing a building" table; the datacenter
// map beside it stays in the HTML report (an SVG has no Markdown form).
func (m *md) impact(ims []Impact) {
	m.p("\n### Losing a building\n")
	if len(ims) == 0 {
		m.p("\nNo production asset in any building.\n")
		return
	}
	m.p("\nWhat losing each building with production means: the customers cut off, the data to restore from the fastest backup elsewhere, largest first, and when the last restore is done, against the plan's RTO for that building and each customer's SLA.\n")
	var rows [][]string
	for _, im := range ims {
		building := im.Building
		if im.Over() {
			building = "**" + building + "**"
		}
		customers := itoa(im.Customers)
		if len(im.Named) > 0 {
			customers += " (" + strings.Join(im.Named, ", ") + ")"
		}
		restore := fmt.Sprintf("%v h", im.RestoreHours)
		if im.Parallelism > 1 {
			restore += fmt.Sprintf(" (%v at a time)", im.Parallelism)
		}
		switch {
		case im.RestoreHours < 0:
			restore = "**cannot be restored**"
		case len(im.Unknown) > 0:
			restore = "unknown: no data_gb for " + strings.Join(im.Unknown, ", ") + "; the others " + restore
		}
		rto := "no scenario"
		if im.RTOHours > 0 {
			rto = fmt.Sprintf("%v h", im.RTOHours)
		}
		late := "none"
		if len(im.Late) > 0 {
			late = "**" + strings.Join(im.Late, ", ") + "**"
		}
		rows = append(rows, []string{building, strings.Join(im.Production, ", "), customers, fmt.Sprintf("%v GB", im.DataGB), restore, rto, late})
	}
	m.table([]string{"Building", "Production", "Customers cut off", "Data to restore", "Restore time", "RTO", "Late"}, rows)
}

func assetText(a Asset) string {
	s := a.ID + " (" + a.Role
	if len(a.BacksUp) > 0 {
		s += ", backs up " + strings.Join(a.BacksUp, " ")
	}
	if len(a.SharesBuilding) > 0 {
		s += ", SAME BUILDING as " + strings.Join(a.SharesBuilding, " ")
	}
	return s + ")"
}

func (m *md) rules(r *Report) {
	m.p("\n## Rules with findings\n")
	if len(r.Rules) == 0 {
		m.p("\nNone.\n")
		return
	}
	var rows [][]string
	for _, x := range r.Rules {
		rows = append(rows, []string{x.ID, x.Title, x.Severity, r.clauseList(x.Clauses), itoa(x.Findings), x.Description})
	}
	m.table([]string{"Rule", "Title", "Severity", "Clauses", "Findings", "Why it matters"}, rows)
}

func itoa(n int) string { return fmt.Sprint(n) }

func pct(f float64) string { return fmt.Sprintf("%.1f%%", f) }

func place(file string, line int) string {
	if file == "" {
		return "repository"
	}
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

// clauseNumber is the clause number without its standard.
func clauseNumber(id string) string {
	if _, n, ok := strings.Cut(id, ":"); ok {
		return n
	}
	return id
}

// clauseLabel is a clause id as people read it, the standard as documents
// cite it: "ISO/IEC 27001 A.8.13".
func (r *Report) clauseLabel(id string) string {
	if id == "" {
		return ""
	}
	std, n, _ := strings.Cut(id, ":")
	if cited, ok := r.cited()[std]; ok {
		std = cited
	}
	return std + " " + n
}

func (r *Report) groupLabel(id string) string {
	if id == "" {
		return "none"
	}
	return r.clauseLabel(id)
}

func (r *Report) clauseList(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = r.clauseLabel(id)
	}
	return strings.Join(out, ", ")
}

func clipList(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(append([]string{}, s[:n]...), fmt.Sprintf("and %d more", len(s)-n))
}

func (m *md) training(r *Report) {
	t := r.Training
	m.p("\n## Training matrix\n")
	if len(t.Documents) == 0 || len(t.People) == 0 {
		m.p("\nNo document names roles to be trained, or no people register says who holds them.\n")
		return
	}
	head := []string{"Person", "Roles"}
	for _, d := range t.Documents {
		head = append(head, fmt.Sprintf("%s rev %s", d.ID, d.Revision))
	}
	var rows [][]string
	for _, p := range t.People {
		row := []string{p.Name + " (" + p.ID + ")", strings.Join(p.Roles, ", ")}
		for _, c := range p.Cells {
			switch c.State {
			case Trained:
				row = append(row, c.Date)
			case Untrained:
				row = append(row, "**MISSING**")
			case Due:
				row = append(row, "due")
			default:
				row = append(row, "-")
			}
		}
		rows = append(rows, row)
	}
	m.table(head, rows)
}

func (m *md) audits(r *Report) {
	m.p("\n## Internal audit programme\n")
	if len(r.Audits) == 0 {
		m.p("\nNo internal audit programme (kind: audit-programme) was found.\n")
		return
	}
	for _, p := range r.Audits {
		m.p("\n### %s, cycle %s to %s\n", p.ID, p.CycleStart, p.CycleEnd)
		var rows [][]string
		for _, a := range p.Audits {
			scope := strings.Join(a.Clauses, ", ")
			if len(a.Documents) > 0 {
				scope += "; " + strings.Join(a.Documents, ", ")
			}
			rep := a.Report
			for _, pr := range a.Problems {
				rep += " " + pr
			}
			rows = append(rows, []string{a.ID, a.Date, a.Auditor, a.Status, scope, rep})
		}
		m.table([]string{"Audit", "Date", "Auditor", "Status", "Scope", "Report"}, rows)
		if len(p.Unaudited) > 0 {
			m.p("\nNot audited in this cycle: %s.\n", strings.Join(p.Unaudited, ", "))
		} else {
			m.p("\nEvery clause is in the scope of an audit of this cycle.\n")
		}
		if len(p.UnauditedProcesses) > 0 {
			m.p("\nProcesses not audited in this cycle: %s.\n", strings.Join(p.UnauditedProcesses, ", "))
		}
		m.auditGrid(p.Grid)
	}
}

// soaStandards names, without editions, the standards whose annex a
// Statement of Applicability decides.
func soaStandards(set *catalog.Set) string {
	var names []string
	for _, c := range set.All() {
		if c.SoA != nil {
			names = append(names, strings.SplitN(c.Name, ":", 2)[0])
		}
	}
	return strings.Join(names, " or ")
}

// auditGrid writes the clauses and processes × cycles table.
func (m *md) auditGrid(g AuditGrid) {
	if len(g.Rows) == 0 {
		return
	}
	head := []string{"Clause or process"}
	for _, c := range g.Cycles {
		h := c.Start + " to " + c.End
		if c.Current {
			h += " (current)"
		}
		head = append(head, h)
	}
	var rows [][]string
	for _, r := range g.Rows {
		name := r.ID
		if r.Title != "" {
			name += " " + r.Title
		}
		row := []string{name}
		for i, cell := range r.Cells {
			var marks []string
			for _, a := range cell {
				marks = append(marks, a.ID+" ("+a.Date+", "+a.Status+")")
			}
			switch {
			case len(marks) > 0:
				row = append(row, strings.Join(marks, "; "))
			case r.Excluded:
				row = append(row, "excluded")
			case r.Unaudited && g.Cycles[i].Current:
				row = append(row, "NOT AUDITED")
			default:
				row = append(row, "·")
			}
		}
		rows = append(rows, row)
	}
	m.p("\nWhich audit reached each clause and process, by cycle:\n")
	m.table(head, rows)
}
