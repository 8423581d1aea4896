package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/qmslint/qmslint/internal/capadraft"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/render"
	"github.com/qmslint/qmslint/internal/trace"
)

// capaFlags are the lint settings every capa command runs with: a CAPA's
// state depends on the findings of the same run.
type capaFlags struct {
	runFlags
	failOn string
	format string
}

func (f *capaFlags) add(fl *pflag.FlagSet, formats bool) {
	f.runFlags.add(fl, "")
	if formats {
		fl.StringVar(&f.format, "format", "text", "output format: text, json or markdown")
		fl.StringVar(&f.failOn, "fail-on", "", "lowest severity that fails, as for lint (default minor, or fail_on in .qmslint.yaml)")
	}
}

const capaExit = `
Exit status: 0 when nothing about the CAPAs shown fails --fail-on, 1 when a
finding they name or a finding about them does (an overdue action, a
recurring finding), 2 for a usage or configuration error.`

func newCAPA(env *IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "capa",
		Short: "List, show and draft CAPA records and trace findings to them",
		Long: `CAPA records (kind: capa) handle nonconformities: each names the finding
ids it corrects. These commands run lint and show each CAPA with the
current state of its findings, or draft a new CAPA from findings.
The format is described in docs/capa.md.`,
	}
	cmd.AddCommand(newCAPAList(env), newCAPAShow(env), newCAPANew(env))
	return cmd
}

// capaRun lints root and returns the run with the CAPA views as of --date.
func capaRun(ctx context.Context, env *IO, root string, f capaFlags) (*lint.Result, []trace.View, string, error) {
	if f.format != "" && f.format != "text" && f.format != "json" && f.format != "markdown" {
		return nil, nil, "", usageError("--format: expected text, json or markdown, got %q", f.format)
	}
	if err := checkFailOn(f.failOn); err != nil {
		return nil, nil, "", err
	}
	opts, err := f.options(env, root)
	if err != nil {
		return nil, nil, "", err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := lint.Run(ctx, opts)
	if err != nil {
		return nil, nil, "", lintError(err)
	}
	failOn := failOnOf(f.failOn, res.Config.FailOn)
	views := trace.Views(res.Repo, trace.Read(res.Repo), res.Findings, res.Date)
	return res, views, failOn, nil
}

// capaGate fails when a finding a shown CAPA names, or one about the CAPA
// itself, fails the lint gate.
func capaGate(views []trace.View, failOn string) error {
	for _, v := range views {
		for _, p := range v.Problems {
			if render.Fails(p, failOn) {
				return &exitError{code: ExitFindings}
			}
		}
		for _, t := range v.Trace {
			if t.Present && render.Fails(finding.Finding{Severity: t.Severity, Status: t.Status}, failOn) {
				return &exitError{code: ExitFindings}
			}
		}
	}
	return nil
}

var capaStatuses = []string{trace.CAPAOpen, trace.CAPAClosed, trace.CAPACancelled, trace.StateOverdue, trace.StateRecurring}

func newCAPAList(env *IO) *cobra.Command {
	var f capaFlags
	var status string
	cmd := &cobra.Command{
		Use:   "list [PATH]",
		Short: "List every CAPA with its findings, due dates and age",
		Long: `List the CAPA records of the QMS under PATH (default: the current directory)
as of --date: state, age, next due date, and whether each finding they name
is still reported. --status keeps CAPAs whose record says open, closed or
cancelled, or whose state is overdue or recurring.` + capaExit,
		Example: `  qmslint capa list qms
  qmslint capa list --status overdue --format markdown .`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if status != "" && !slices.Contains(capaStatuses, status) {
				return usageError("--status: expected one of %s, got %q", strings.Join(capaStatuses, ", "), status)
			}
			res, views, failOn, err := capaRun(cmd.Context(), env, rootArg(args, 0), f)
			if err != nil {
				return err
			}
			views = slices.DeleteFunc(views, func(v trace.View) bool {
				return status != "" && v.Status != status && v.State != status
			})
			if err := writeCAPAs(env.Stdout, f.format, res.Date, views); err != nil {
				return err
			}
			return capaGate(views, failOn)
		},
	}
	f.add(cmd.Flags(), true)
	cmd.Flags().StringVar(&status, "status", "", "only CAPAs that are open, closed, cancelled, overdue or recurring")
	return cmd
}

func newCAPAShow(env *IO) *cobra.Command {
	var f capaFlags
	cmd := &cobra.Command{
		Use:   "show ID [PATH]",
		Short: "Show one CAPA with the current state of each finding it names",
		Long:  `Show the CAPA record ID of the QMS under PATH (default: the current directory) as of --date.` + capaExit,
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, views, failOn, err := capaRun(cmd.Context(), env, rootArg(args, 1), f)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(views, func(v trace.View) bool { return v.ID == args[0] })
			if i < 0 {
				ids := make([]string, len(views))
				for j, v := range views {
					ids[j] = v.ID
				}
				return usageError("no CAPA %q in %s (CAPAs: %s)", args[0], res.Root, orNone(ids))
			}
			views = views[i : i+1]
			if err := writeCAPAs(env.Stdout, f.format, res.Date, views); err != nil {
				return err
			}
			return capaGate(views, failOn)
		},
	}
	f.add(cmd.Flags(), true)
	return cmd
}

func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

func newCAPANew(env *IO) *cobra.Command {
	var f capaFlags
	var ids []string
	var title string
	var force bool
	cmd := &cobra.Command{
		Use:   "new [PATH] --finding ID [--finding ID]...",
		Short: "Draft a new CAPA record from findings",
		Long: `Write a new CAPA draft for the given finding ids (as lint prints them,
after the severity: doc.review-overdue:SOP-004) in
the directory where the QMS under PATH keeps its CAPAs (else capa/), with
the next free id in its numbering scheme, opened on --date. The draft names
the findings; they count as tracked once the CAPA has a root cause or a
containment action, an owner and an action of its own with a due date (the
draft's placeholders are none of these). An existing file is never
overwritten.

Without --force, every finding must be reported as of --date and not be
named by an open CAPA already, drafts included.`,
		Example: `  qmslint capa new qms --finding doc.review-overdue:SOP-004
  qmslint capa new --finding infra.restore-test-stale:bk-2 --title "Restores never tested"`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(ids) == 0 {
				return usageError("capa new: name at least one --finding ID (the ids lint prints, such as doc.review-overdue:SOP-004)")
			}
			res, views, _, err := capaRun(cmd.Context(), env, rootArg(args, 0), f)
			if err != nil {
				return err
			}
			return draftCAPA(env, res, views, ids, title, force)
		},
	}
	f.add(cmd.Flags(), false)
	fl := cmd.Flags()
	fl.StringArrayVar(&ids, "finding", nil, "finding id to track (repeatable)")
	fl.StringVar(&title, "title", "", "title of the CAPA (default: from the first finding's rule)")
	fl.BoolVar(&force, "force", false, "draft even for findings not reported now or already named by an open CAPA")
	return cmd
}

func draftCAPA(env *IO, res *lint.Result, views []trace.View, ids []string, title string, force bool) error {
	byID := map[string]finding.Finding{}
	for _, fd := range res.Findings {
		byID[fd.ID] = fd
	}
	rules := map[string]engine.Rule{}
	for _, r := range res.Rules {
		rules[r.ID] = r
	}
	risks := trace.Risks(res.Repo)
	var fs []finding.Finding
	var riskIDs []string
	for _, id := range ids {
		fd, ok := byID[id]
		switch {
		case !ok && !force:
			return usageError("finding %q is not reported as of %s: copy the id from qmslint lint (or use --force to draft for it anyway)", id, res.Date)
		case !ok:
			rule, subject, _ := strings.Cut(id, ":")
			fd = finding.Finding{ID: id, Rule: rule, Subject: subject, Severity: rules[rule].Severity, Clauses: rules[rule].Clauses}
		// An open finding that names CAPAs is named only by drafts
		// (closed ones make it recurring): still one CAPA too many.
		case (fd.Status == finding.StatusTracked || fd.Status == finding.StatusOverdue || (fd.Status == finding.StatusOpen && len(fd.CAPA) > 0)) && !force:
			return usageError("finding %q is already named by open CAPA %s: update that CAPA (or use --force for a second one)", id, strings.Join(fd.CAPA, ", "))
		}
		if slices.ContainsFunc(fs, func(x finding.Finding) bool { return x.ID == id }) {
			continue
		}
		fs = append(fs, fd)
		subject, _, _ := strings.Cut(fd.Subject, "/")
		if _, isRisk := risks[subject]; isRisk && !slices.Contains(riskIDs, subject) {
			riskIDs = append(riskIDs, subject)
		}
	}
	all := make([]*trace.CAPA, len(views))
	for i, v := range views {
		all[i] = v.CAPA
	}
	recs, bad := capadraft.Usable(all)
	for _, c := range bad {
		fmt.Fprintf(env.Stderr, "qmslint: capa new: ignoring %s:%d: its id %q is not a valid id (letters, digits and . _ : - only), so its numbering is not followed\n", c.File, c.Line, c.ID)
	}
	taken := takenIDs(res.Repo)
	id := capadraft.NextID(recs, res.Date, func(s string) bool { return taken[s] })
	if !capadraft.ValidID(id) {
		return usageError("capa new: the next id %q is not a valid id; fix the ids of the CAPA records", id)
	}
	if title == "" {
		title = capadraft.Title(fs, rules)
	}
	d := capadraft.Draft{ID: id, Title: title, Date: res.Date, Findings: fs, Rules: rules, Risks: riskIDs}
	content, err := d.Markdown()
	if err != nil {
		return err
	}
	rel := path.Join(capadraft.Dir(recs), capadraft.FileName(recs, id, title))
	if err := capadraft.Write(res.Repo.Root, rel, content); err != nil {
		if errors.Is(err, capadraft.ErrExists) || errors.Is(err, capadraft.ErrOutside) {
			return usageError("%s", err)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "Drafted %s in %s tracking %s.\nComplete its root cause, owner and actions: from then until it is closed these findings are tracked.\n", id, rel, strings.Join(ids, ", "))
	return nil
}

// takenIDs are the ids of every document, register and register item, so a
// new CAPA id never collides with one of them.
func takenIDs(repo *model.Repository) map[string]bool {
	out := map[string]bool{}
	for _, d := range repo.Documents {
		out[model.ID(d.Meta)] = true
	}
	for _, r := range repo.Registers {
		out[model.ID(r.Data)] = true
		for _, list := range model.RegisterKinds[model.Kind(r.Data)] {
			items, _ := r.Data[list].([]any)
			for _, it := range items {
				m, _ := it.(map[string]any)
				out[model.ID(m)] = true
			}
		}
	}
	return out
}

// capaVersion is the version of the capa list/show JSON contract.
const capaVersion = 1

func writeCAPAs(w io.Writer, format, date string, views []trace.View) error {
	switch format {
	case "json":
		out := struct {
			Version     int                             `json:"version"`
			Date        string                          `json:"date"`
			CAPAs       []trace.View                    `json:"capas"`
			RiskHistory map[string][]trace.HistoryEntry `json:"risk_history"`
		}{capaVersion, date, views, trace.History(views)}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	case "markdown":
		return capaMarkdown(w, date, views)
	}
	return capaText(w, date, views)
}

func capaText(w io.Writer, date string, views []trace.View) error {
	for i, v := range views {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s  %s  %s\n", v.ID, v.State, v.Title)
		fmt.Fprintf(w, "  record:   %s:%d, %s, opened %s (%d days)", v.File, v.Line, v.Status, v.Opened, v.AgeDays)
		if v.Closed != "" {
			fmt.Fprintf(w, ", closed %s", v.Closed)
		}
		fmt.Fprintln(w)
		if v.NextDue != "" {
			fmt.Fprintf(w, "  next due: %s\n", v.NextDue)
		}
		for _, t := range v.Trace {
			if t.Present {
				fmt.Fprintf(w, "  finding:  %s  %s %s at %s\n", t.ID, t.Status, t.Severity, render.Location(finding.Finding{File: t.File, Line: t.Line}))
			} else {
				fmt.Fprintf(w, "  finding:  %s  no longer reported\n", t.ID)
			}
		}
		for _, a := range v.Actions {
			fmt.Fprintf(w, "  action:   %s %s, due %s, %s\n", a.ID, a.Type, dash(a.Due), doneText(a.Done))
		}
		if e := v.Effectiveness; e != nil {
			fmt.Fprintf(w, "  effect:   %s, due %s\n", dash(e.Result), dash(e.Due))
		}
		for _, r := range v.RiskLinks {
			if r.Exists {
				fmt.Fprintf(w, "  risk:     %s at %s:%d\n", r.ID, r.File, r.Line)
			} else {
				fmt.Fprintf(w, "  risk:     %s not in any risk register\n", r.ID)
			}
		}
		for _, p := range v.Problems {
			fmt.Fprintf(w, "  problem:  %s %s %s\n", p.Severity, p.Rule, p.Message)
		}
	}
	if len(views) > 0 {
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintf(w, "%d CAPA(s) as of %s%s.\n", len(views), date, stateCounts(views))
	return err
}

func stateCounts(views []trace.View) string {
	counts := map[string]int{}
	var order []string
	for _, v := range views {
		if counts[v.State] == 0 {
			order = append(order, v.State)
		}
		counts[v.State]++
	}
	slices.Sort(order)
	parts := make([]string, len(order))
	for i, s := range order {
		parts[i] = fmt.Sprintf("%d %s", counts[s], s)
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func doneText(done string) string {
	if done == "" {
		return "not done"
	}
	return "done " + done
}

func capaMarkdown(w io.Writer, date string, views []trace.View) error {
	fmt.Fprintf(w, "# CAPAs as of %s\n\n", date)
	fmt.Fprintln(w, "| CAPA | Title | Status | State | Opened | Age (days) | Next due | Findings still reported |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | ---: | --- | --- |")
	for _, v := range views {
		present := 0
		for _, t := range v.Trace {
			if t.Present {
				present++
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %d | %s | %d of %d |\n", v.ID, mdCell(v.Title), v.Status, v.State, dash(v.Opened), v.AgeDays, dash(v.NextDue), present, len(v.Trace))
	}
	for _, v := range views {
		fmt.Fprintf(w, "\n## %s: %s\n\n", v.ID, v.Title)
		fmt.Fprintf(w, "Record `%s:%d`. ", v.File, v.Line)
		if len(v.Risks) > 0 {
			fmt.Fprintf(w, "Risks: %s. ", strings.Join(v.Risks, ", "))
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w)
		for _, t := range v.Trace {
			if t.Present {
				fmt.Fprintf(w, "- `%s`: %s (%s) at `%s`\n", t.ID, t.Status, t.Severity, render.Location(finding.Finding{File: t.File, Line: t.Line}))
			} else {
				fmt.Fprintf(w, "- `%s`: no longer reported\n", t.ID)
			}
		}
		for _, p := range v.Problems {
			fmt.Fprintf(w, "- problem: %s `%s`: %s\n", p.Severity, p.ID, mdCell(p.Message))
		}
	}
	return nil
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
