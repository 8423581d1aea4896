package review

import (
	"context"
	"errors"
	"fmt"
	"github.com/open-policy-agent/opa/v1/ast"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/parallel"
)

// Change statuses of a controlled document.
const (
	Added   = "added"
	Changed = "changed"
	Removed = "removed"
)

// Side is one end of the comparison.
type Side struct {
	Ref    string `json:"ref"`
	Commit string `json:"commit"`
	Date   string `json:"date"`
}

// Doc is one controlled document (or register) that the change touches.
type Doc struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Title  string `json:"title"`
	Status string `json:"status"` // added, changed, removed
	File   string `json:"file"`
	// BaseFile is the path at the base, when it differs.
	BaseFile string `json:"base_file,omitempty"`
	// ContentChanged is false when only control fields changed
	// (revision, status, approvals, effective, review).
	ContentChanged bool   `json:"content_changed"`
	RevisionBefore string `json:"revision_before"`
	RevisionAfter  string `json:"revision_after"`
	Bumped         bool   `json:"revision_bumped"`
	StatusBefore   string `json:"status_before"`
	StatusAfter    string `json:"status_after"`
	// NewApprovals are approvals at head that the base did not have.
	NewApprovals []string `json:"new_approvals"`
	// ChangedOn is the author date of the newest commit in the range
	// that changed the document.
	ChangedOn string   `json:"changed_on"`
	Commits   []string `json:"commits"`
	Clauses   []string `json:"clauses"`
	Controls  []string `json:"soa_controls"`
	Impact    Impact   `json:"impact"`
}

// Impact is what a change makes suspect: what a reviewer should re-read.
type Impact struct {
	ReferencedBy []string `json:"referenced_by"`
	Risks        []string `json:"risks"`
	CAPAs        []string `json:"capas"`
	Controls     []string `json:"soa_controls"`
}

// Review is the comparison of two commits.
type Review struct {
	Base, Head Side
	Docs       []Doc
	// Introduced are findings at head whose id the base lacks, including
	// the change.* findings; Resolved are base findings gone at head;
	// Left are findings both have.
	Introduced, Resolved, Left []finding.Finding
	Rules                      []engine.Rule
	Date                       string
	// HeadResult is the lint of the head, for its configuration.
	HeadResult *lint.Result
}

// Options of a review.
type Options struct {
	Lint     lint.Options
	BaseRef  string
	HeadRef  string
	Policies []string
}

// Compare reviews the change from base to head.
func Compare(ctx context.Context, repo *gitrepo.Repo, opts Options) (*Review, error) {
	baseC, err := repo.Commit(opts.BaseRef)
	if err != nil {
		return nil, &lint.Error{Err: fmt.Errorf("--base: %w", err)}
	}
	headC, err := repo.Commit(opts.HeadRef)
	if err != nil {
		return nil, &lint.Error{Err: fmt.Errorf("--head: %w", err)}
	}
	side := func(ref string, c *object.Commit) (GitSide, error) {
		files, err := repo.TreeBlobs(c)
		return GitSide{
			Side:      Side{ref, c.Hash.String(), c.Author.When.UTC().Format("2006-01-02")},
			Files:     files,
			HistoryID: repo.Prefix + "\x00" + c.Hash.String(),
			History: func(known func() history.Known) (map[string]any, error) {
				in, err := lint.SideHistory(opts.Lint.Cache, repo, c, known)
				if err != nil && !history.Partial(err) {
					return nil, err
				}
				return in, nil
			},
		}, err
	}
	base, err := side(opts.BaseRef, baseC)
	if err != nil {
		return nil, err
	}
	head, err := side(opts.HeadRef, headC)
	if err != nil {
		return nil, err
	}
	between := func() (history.History, error) {
		h, err := history.Between(repo, baseC, headC)
		if err != nil && !history.Partial(err) {
			return nil, err
		}
		return h, nil
	}
	p, err := ComparePair(ctx, repo, base, head, between, opts.Lint)
	if err != nil {
		return nil, err
	}
	for i, err := range []error{p.BaseErr, p.HeadErr} {
		if err != nil {
			return nil, fmt.Errorf("%s: %w", []string{opts.BaseRef, opts.HeadRef}[i], err)
		}
	}
	return p.Review, nil
}

// State is one end of a comparison, linted: a commit, or the index that
// lint --staged compares with HEAD.
type State struct {
	Side Side
	// Repo reads the blobs of Files whose content the comparison needs.
	Repo   *gitrepo.Repo
	Files  gitrepo.Blobs
	Result *lint.Result
}

// compareStates reviews the change from base to head once both are
// linted: which documents changed, what that makes suspect, the findings
// of the review-phase rules (change.*, returned too for the cache), and
// which findings the change introduces, resolves or leaves. between holds the commits from base to
// head by document id (empty for the index, whose change has no commit
// yet). Review and lint --staged both come here, so a pre-commit hook
// reports what the pull request's review would.
func compareStates(ctx context.Context, base, head State, between history.History) (*Review, []finding.Finding, error) {
	var err error
	rv := newReview(base.Side, head.Side, head.Result)
	rv.Docs, err = diff(base, head, between)
	if err != nil {
		return nil, nil, err
	}
	impact(rv.Docs, head.Result.Repo)
	changeFindings, err := evalChange(ctx, rv, base.Result, head.Result)
	if err != nil {
		return nil, nil, err
	}
	rv.classify(base.Result, head.Result, changeFindings)
	return rv, changeFindings, nil
}

func newReview(base, head Side, headRes *lint.Result) *Review {
	return &Review{Base: base, Head: head, Date: headRes.Date, Rules: headRes.Rules, HeadResult: headRes}
}

// classify sorts the head's findings and the change rules' into those
// the change introduces and those it leaves, and finds those it resolves.
func (rv *Review) classify(base, head *lint.Result, changeFindings []finding.Finding) {
	baseIDs, headIDs := IDs(base.Findings), IDs(head.Findings)
	// Sized first: a large QMS's findings are tens of thousands, most
	// of them left.
	lists := [][]finding.Finding{head.Findings, changeFindings}
	left := 0
	for _, fs := range lists {
		for i := range fs {
			if baseIDs[fs[i].ID] {
				left++
			}
		}
	}
	if left > 0 {
		rv.Left = make([]finding.Finding, 0, left)
	}
	if n := len(head.Findings) + len(changeFindings) - left; n > 0 {
		rv.Introduced = make([]finding.Finding, 0, n)
	}
	for _, fs := range lists {
		for _, f := range fs {
			if baseIDs[f.ID] {
				rv.Left = append(rv.Left, f)
			} else {
				rv.Introduced = append(rv.Introduced, f)
			}
		}
	}
	for _, f := range base.Findings {
		if !headIDs[f.ID] {
			rv.Resolved = append(rv.Resolved, f)
		}
	}
	for _, fs := range [][]finding.Finding{rv.Introduced, rv.Resolved, rv.Left} {
		finding.Sort(fs)
	}
}

// LintCommit lints the files of commit c as they were, with the document
// history up to it.
func LintCommit(ctx context.Context, repo *gitrepo.Repo, c *object.Commit, opts lint.Options) (*lint.Result, error) {
	files, err := repo.TreeBlobs(c)
	if err != nil {
		return nil, err
	}
	h, err := lint.ReadHistory(opts.Cache, repo, c)
	if err != nil && !history.Partial(err) {
		return nil, err
	}
	return Snapshot(ctx, repo, files, h.Input(), opts)
}

// item is a controlled document or register by id.
type item struct {
	file string
	meta map[string]any
}

func items(repo *model.Repository) map[string]item {
	out := make(map[string]item, len(repo.Documents)+len(repo.Registers))
	for _, d := range repo.Documents {
		if id := model.ID(d.Meta); id != "" {
			out[id] = item{d.File, d.Meta}
		}
	}
	for _, r := range repo.Registers {
		if id := model.ID(r.Data); id != "" {
			out[id] = item{r.File, r.Data}
		}
	}
	return out
}

// content reads the file rel of a state, nil when it has none.
func (s State) content(rel string) ([]byte, error) {
	h, ok := s.Files[rel]
	if !ok {
		return nil, nil
	}
	fs, err := s.Repo.Read(gitrepo.Blobs{rel: h})
	return fs[rel], err
}

func diff(baseState, headState State, between history.History) ([]Doc, error) {
	base, head := baseState.Result.Repo, headState.Result.Repo
	baseFiles, headFiles := baseState.Files, headState.Files
	b, h := items(base), items(head)
	ids := make([]string, 0, len(h))
	for id := range b {
		ids = append(ids, id)
	}
	for id := range h {
		if _, inBase := b[id]; !inBase {
			ids = append(ids, id)
		}
	}
	var out []Doc
	for _, id := range ids {
		bi, inBase := b[id]
		hi, inHead := h[id]
		d := Doc{ID: id, Commits: []string{}, Controls: []string{}, Impact: Impact{[]string{}, []string{}, []string{}, []string{}}}
		switch {
		case !inBase:
			d.Status, d.File, d.ContentChanged = Added, hi.file, true
		case !inHead:
			d.Status, d.File, d.ContentChanged = Removed, bi.file, true
		default:
			bh, inB := baseFiles[bi.file]
			hh, inH := headFiles[hi.file]
			if bi.file == hi.file && bh == hh && inB == inH {
				continue
			}
			d.Status, d.File = Changed, hi.file
			if bi.file != hi.file {
				d.BaseFile = bi.file
			}
			bc, err := baseState.content(bi.file)
			if err != nil {
				return nil, err
			}
			hc, err := headState.content(hi.file)
			if err != nil {
				return nil, err
			}
			d.ContentChanged = history.Parse(bi.file, bc).Content() != history.Parse(hi.file, hc).Content()
		}
		meta := hi.meta
		if !inHead {
			meta = bi.meta
		}
		d.Kind, d.Title = str(meta["kind"]), str(meta["title"])
		if inBase {
			d.RevisionBefore, d.StatusBefore = revision(bi.meta), str(bi.meta["status"])
		}
		if inHead {
			d.RevisionAfter, d.StatusAfter = revision(hi.meta), str(hi.meta["status"])
		}
		d.Bumped = inBase && inHead && d.RevisionBefore != d.RevisionAfter
		d.NewApprovals = newApprovals(bi.meta, hi.meta)
		for _, e := range between[id] {
			d.Commits = append(d.Commits, e.Commit)
			if e.ContentChanged && e.Date > d.ChangedOn {
				d.ChangedOn = e.Date
			}
		}
		d.Clauses = union(model.Strings(bi.meta["clauses"]), model.Strings(hi.meta["clauses"]))
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func newApprovals(base, head map[string]any) []string {
	old := map[string]bool{}
	for _, a := range approvals(base) {
		old[a] = true
	}
	out := []string{}
	for _, a := range approvals(head) {
		if !old[a] {
			out = append(out, a)
		}
	}
	return out
}

// approvals are "by (role), date" strings.
func approvals(meta map[string]any) []string {
	list, _ := meta["approvals"].([]any)
	var out []string
	for _, a := range list {
		m, _ := a.(map[string]any)
		out = append(out, fmt.Sprintf("%s (%s), %s", str(m["by"]), str(m["role"]), str(m["date"])))
	}
	return out
}

// impact fills in what each change makes suspect, from the head's
// documents and registers.
func impact(docs []Doc, head *model.Repository) {
	want := map[string]*Doc{}
	byFile := map[string]*Doc{}
	for i := range docs {
		want[docs[i].ID] = &docs[i]
		byFile[docs[i].File] = &docs[i]
		if docs[i].BaseFile != "" {
			byFile[docs[i].BaseFile] = &docs[i]
		}
	}
	add := func(list *[]string, v string) {
		for _, x := range *list {
			if x == v {
				return
			}
		}
		*list = append(*list, v)
	}
	for _, d := range head.Documents {
		id := model.ID(d.Meta)
		for _, ref := range model.Strings(d.Meta["references"]) {
			if c := want[ref]; c != nil && ref != id {
				add(&c.Impact.ReferencedBy, id)
			}
		}
		for _, l := range d.Links {
			if c := byFile[l.Path]; c != nil && c.ID != id && id != "" {
				add(&c.Impact.ReferencedBy, id)
			}
		}
		if model.Kind(d.Meta) == "capa" && str(d.Meta["status"]) == "open" {
			actions, _ := d.Meta["actions"].([]any)
			for _, a := range actions {
				m, _ := a.(map[string]any)
				text := str(m["description"])
				for cid, c := range want {
					if mentions(text, cid) {
						add(&c.Impact.CAPAs, id)
					}
				}
			}
		}
	}
	for _, r := range head.Registers {
		switch model.Kind(r.Data) {
		case "risk-register":
			risks, _ := r.Data["risks"].([]any)
			for _, x := range risks {
				m, _ := x.(map[string]any)
				for _, ctl := range model.Strings(m["controls"]) {
					if c := want[ctl]; c != nil {
						add(&c.Impact.Risks, str(m["id"]))
					}
				}
			}
		case "soa":
			controls, _ := r.Data["controls"].([]any)
			for _, x := range controls {
				m, _ := x.(map[string]any)
				for _, by := range model.Strings(m["implemented_by"]) {
					if c := want[by]; c != nil {
						add(&c.Impact.Controls, str(m["control"]))
						add(&c.Controls, str(m["control"]))
					}
				}
			}
		}
	}
	for i := range docs {
		for _, l := range [][]string{docs[i].Impact.ReferencedBy, docs[i].Impact.Risks, docs[i].Impact.CAPAs, docs[i].Impact.Controls, docs[i].Controls} {
			sort.Strings(l)
		}
	}
}

// mentions reports whether text names id as a whole word.
func mentions(text, id string) bool {
	for i := strings.Index(text, id); i >= 0; {
		end := i + len(id)
		before := i == 0 || !word(text[i-1])
		after := end == len(text) || !word(text[end])
		if before && after {
			return true
		}
		j := strings.Index(text[i+1:], id)
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return false
}

func word(b byte) bool {
	return b == '-' || b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// evalChange runs the review-phase rules (custom.phase: review) over the
// head's input plus input.change: a stage of the head's run, on its engine
// and its converted input, so neither side is compiled or converted again.
func evalChange(ctx context.Context, rv *Review, base, head *lint.Result) ([]finding.Finding, error) {
	// The change rules read both sides' inputs and what changeSides
	// describes: with both runs' findings cached, the same change gives
	// the same findings, and neither input is built.
	return head.CachedPhase(ctx, engine.PhaseReview, []*lint.Result{base}, changeSides(rv, false), func() (map[string]any, error) {
		change, err := ChangeInput(rv, base, head)
		return map[string]any{"change": change}, err
	})
}

// ChangeInput is input.change, documented in docs/ci.md:
//
//	base:    {ref, commit, date, documents: [...], registers: [...]}
//	head:    {ref, commit, date, documents: [...], registers: [...]}
//	changed: [Doc as JSON]
//
// base and head documents and registers are each side's input.documents
// and input.registers, as its run converted them (or converts them alone,
// when the run took every result from the cache: lint.Result.Field). A
// base that did not lint (lint --staged on a broken HEAD) has none.
//
// When only built-in rules read it, a side whose run did not convert
// them gives its documents and registers cut to the fields those rules
// can read (lint.Result.PhaseFields, Cut): the same findings for a
// fraction of the conversion. A policy pack's rules see them whole.
func ChangeInput(rv *Review, base, head *lint.Result) (map[string]any, error) {
	fields := changeFields(head)
	m := changeSides(rv, true)
	// The sides on two cores: each is its own run and its own map.
	sides := [2]*lint.Result{base, head}
	names := [2]string{"base", "head"}
	var errs [2]error
	parallel.Heavy(2, func(_, i int) {
		errs[i] = fillSide(m[names[i]].(map[string]any), sides[i], fields)
	})
	return m, errors.Join(errs[:]...)
}

// fillSide gives side the documents and registers of run, cut to fields
// when they can be (ChangeInput), and their index.
func fillSide(side map[string]any, run *lint.Result, fields []string) error {
	if run.Engine == nil {
		return nil // a side that did not lint
	}
	for _, key := range []string{"documents", "registers"} {
		var v ast.Value
		var err error
		// A run that converted the key whole gives it for nothing.
		if fields != nil && (!run.Converted(key) || changeMode == cutAlways) {
			v, err = run.Cut(key, fields)
		} else {
			v, err = run.Field(key)
		}
		if err != nil {
			return err
		}
		if v != nil {
			side[key] = v
		}
	}
	if indexChange && run.Repo != nil {
		side["index"] = itemIndex(run.Repo)
	}
	return nil
}

// itemIndex is a side's index: the position of each string id's item
// among its documents (document_of_id) or, for an id no document has,
// among its registers (register_of_id), the first of a repeated id
// winning as in lib.by_id. The change rules look up the few items a
// change touches in it rather than index every item of both sides by id
// in Rego. Read from the side's repository: its input.documents[i] is
// repo.Documents[i] and its input.registers[i] repo.Registers[i]
// (policyinput.Build), whole or cut.
func itemIndex(repo *model.Repository) ast.Value {
	// Built as OPA values here (the positions would otherwise each be
	// boxed, then converted), in the items' order; seen spans both lists.
	seen := make(map[string]bool, len(repo.Documents)+len(repo.Registers))
	positions := func(n int, idOf func(i int) any) *ast.Term {
		obj := ast.NewObjectWithCapacity(n)
		for i := range n {
			if id, ok := idOf(i).(string); ok && !seen[id] {
				seen[id] = true
				obj.Insert(ast.StringTerm(id), ast.IntNumberTerm(i))
			}
		}
		return ast.NewTerm(obj)
	}
	docs := positions(len(repo.Documents), func(i int) any { return repo.Documents[i].Meta["id"] })
	regs := positions(len(repo.Registers), func(i int) any { return repo.Registers[i].Data["id"] })
	return ast.NewObject(
		[2]*ast.Term{ast.InternedTerm("document_of_id"), docs},
		[2]*ast.Term{ast.InternedTerm("register_of_id"), regs},
	)
}

// changeFields are the fields of the documents and registers the change
// rules of run read, nil when they read them whole.
func changeFields(run *lint.Result) []string {
	if run.Engine == nil || changeMode == cutNever {
		return nil
	}
	fields, ok := run.PhaseFields(engine.PhaseReview)
	if !ok {
		return nil
	}
	return fields
}

// indexChange gives each side its index (itemIndex); the tests that hold
// the rules to the same findings without it turn it off.
var indexChange = true

// changeMode is how ChangeInput gives the sides' documents and registers:
// cut where they can be (cutWhereFree), or, for the tests that hold the
// cut to the whole, cut always or never.
var changeMode = cutWhereFree

const (
	cutWhereFree = iota
	cutAlways
	cutNever
)

// changeSides is input.change without the sides' documents and
// registers (empty lists when lists).
func changeSides(rv *Review, lists bool) map[string]any {
	changed := make([]any, len(rv.Docs))
	for i, d := range rv.Docs {
		changed[i] = toMap(d)
	}
	side := func(s Side) map[string]any {
		m := map[string]any{"ref": s.Ref, "commit": s.Commit, "date": s.Date}
		if lists {
			m["documents"], m["registers"] = []any{}, []any{}
		}
		return m
	}
	return map[string]any{"base": side(rv.Base), "head": side(rv.Head), "changed": changed}
}

func str(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	}
	return fmt.Sprint(v)
}

func revision(meta map[string]any) string {
	if v, ok := meta["revision"]; ok && v != nil {
		return fmt.Sprint(v)
	}
	return ""
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range append(a, b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
