package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/finding"
)

// ScopeDocument is finding.ScopeDocument: a rule whose findings for a file
// depend on that file alone (and the date, configuration, standards and
// catalogs), so a run may evaluate it over the files that changed and
// keep the others' findings (docs/performance.md).
const ScopeDocument = finding.ScopeDocument

// scopeOf reads custom.scope from a rule's or a library rule's
// annotations: "document" or "" (the default, repository).
func scopeOf(custom map[string]any) (string, error) {
	s, ok := custom["scope"]
	if !ok {
		return "", nil
	}
	switch s {
	case ScopeDocument:
		return ScopeDocument, nil
	case "repository":
		return "", nil
	}
	return "", fmt.Errorf("expected %q (the rule judges each file alone) or %q, got %v", ScopeDocument, "repository", s)
}

// crossInput are the parts of the input that are about the repository as
// a whole, whichever rule reads them: the index of every id and kind, and
// the findings and change of the later phases. The Git history is not:
// it is by document id, an input of some files holds their documents'
// history only, and each file's digest includes it (internal/lint).
var crossInput = []string{"index", "findings", "change"}

// wholeInput are the collections of files. A rule's own package may
// iterate them (each element is one file's); a library value that reads
// them is a value of the whole repository (lib.ids, lib.document_by_id,
// lib.people) unless it declares custom.scope: document itself, as a
// selection of elements one by one (lib.documents) does.
var wholeInput = []string{"documents", "registers", "files", "problems"}

// scopeChecker finds why a rule cannot be judged file by file: the first
// read, direct or through the rules it calls, of a value of the whole
// repository that is not a given. It is a static over-approximation: the
// proof test (internal/lint/scope_test.go) catches what it cannot see,
// such as a rule that joins two documents of input.documents itself.
//
// A given is a value (a rule without arguments) outside the rule's deny
// body that reads the whole repository: the set of ids (lib.ids), the
// people register, the history, the obsolete documents. A rule that
// reads such values but iterates the files one by one is still judged
// file by file: each file's findings depend on the file and the givens,
// so they are kept under the digest of the givens' values, and an
// evaluation over some files gets the givens computed over every file
// (with ... as), not over those files.
type scopeChecker struct {
	c *ast.Compiler
	// declared are the library rules that declare custom.scope: document.
	declared map[*ast.Rule]bool
	memo     map[scopeVisit]scopeWhy
}

type scopeVisit struct {
	rule  *ast.Rule
	owner string // the package of the rule being checked
	own   bool   // the rule is judged as part of the owner's iteration
}

// scopeWhy is what a visit found: why the rule cannot be split ("" when
// it can), and the givens it reads.
type scopeWhy struct {
	why    string
	givens []string
}

func newScopeChecker(c *ast.Compiler) *scopeChecker {
	sc := &scopeChecker{c: c, declared: map[*ast.Rule]bool{}, memo: map[scopeVisit]scopeWhy{}}
	as := c.GetAnnotationSet()
	for _, m := range c.Modules {
		for _, r := range m.Rules {
			for _, a := range as.GetRuleScope(r) {
				if s, err := scopeOf(a.Custom); err == nil && s == ScopeDocument {
					sc.declared[r] = true
				}
			}
		}
	}
	return sc
}

// check returns "" when the rule package pkg may be judged file by file,
// else the reference that forbids it and the path to it ("input.index
// through data.qmslint.lib.ids"); and the givens the rule reads, sorted.
func (sc *scopeChecker) check(pkg string) (string, []string) {
	ref, err := ast.ParseRef(pkg + ".deny")
	if err != nil {
		return err.Error(), nil
	}
	var givens []string
	for _, r := range sc.c.GetRulesExact(ref) {
		w := sc.visit(r, pkg, true)
		if w.why != "" {
			return w.why, nil
		}
		givens = append(givens, w.givens...)
	}
	slices.Sort(givens)
	return "", slices.Compact(givens)
}

// visit walks what rule r reads. own is set for the rules evaluated as
// part of the owner's iteration, element by element: its deny rule and
// the functions of its package it calls. A value of the owner's package
// (obsolete := [d | some d in lib.documents; ...]) is computed once over
// the whole input, so it is judged like a library value.
func (sc *scopeChecker) visit(r *ast.Rule, owner string, own bool) scopeWhy {
	v := scopeVisit{r, owner, own}
	if w, ok := sc.memo[v]; ok {
		return w
	}
	sc.memo[v] = scopeWhy{} // Rego has no recursion; this only guards the walk
	var w scopeWhy
	ast.WalkRefs(r, func(ref ast.Ref) bool {
		if w.why != "" {
			return true
		}
		why, givens := sc.ref(ref, owner, own)
		w.why = why
		w.givens = append(w.givens, givens...)
		return false
	})
	if w.why != "" {
		w.givens = nil
		if !own {
			w.why += " through " + ruleName(r)
		}
	}
	sc.memo[v] = w
	return w
}

func (sc *scopeChecker) ref(ref ast.Ref, owner string, own bool) (string, []string) {
	head := ref[0].Value
	switch {
	case head.Compare(ast.InputRootDocument.Value) == 0:
		if len(ref) < 2 {
			return "input", nil
		}
		key, ok := ref[1].Value.(ast.String)
		if !ok {
			return ref.String(), nil
		}
		if slices.Contains(crossInput, string(key)) || (!own && slices.Contains(wholeInput, string(key))) {
			return "input." + string(key), nil
		}
	case head.Compare(ast.DefaultRootDocument.Value) == 0:
		var givens []string
		for _, t := range sc.c.GetRules(ref.GroundPrefix()) {
			inOwner := t.Module.Package.Path.String() == owner
			if sc.declared[t] && !inOwner {
				// A selection of files (lib.documents) is trusted by its
				// declaration when the rule's own iteration reads it; a
				// value built over it (lib.people over
				// lib.registers_of_kind) is a value of every file.
				if !own {
					return ruleName(t), nil
				}
				if why := sc.visitCross(t); why != "" {
					return why, nil
				}
				continue
			}
			value := len(t.Head.Args) == 0
			w := sc.visit(t, owner, own && inOwner && !value)
			if w.why == "" {
				givens = append(givens, w.givens...)
				continue
			}
			if !value || isDeny(t, owner) {
				return w.why, nil
			}
			givens = append(givens, t.Path().String())
		}
		return "", givens
	}
	return "", nil
}

// isDeny reports whether t is the deny rule of the rule being checked,
// which is never a given of its own.
func isDeny(t *ast.Rule, owner string) bool {
	return t.Module.Package.Path.String() == owner && t.Head.Ref().String() == "deny"
}

// visitCross checks a declared library rule for reads of crossInput other
// than input.index, which such a selection may use to go faster (lib.documents
// finds the kinds in it); the index is built over the same files as the
// documents it indexes, so it says no more than they do.
func (sc *scopeChecker) visitCross(r *ast.Rule) string {
	why := ""
	ast.WalkRefs(r, func(ref ast.Ref) bool {
		if why != "" || ref[0].Value.Compare(ast.InputRootDocument.Value) != 0 || len(ref) < 2 {
			return why != ""
		}
		if key, ok := ref[1].Value.(ast.String); ok && string(key) != "index" && slices.Contains(crossInput, string(key)) {
			why = "input." + string(key) + " through " + ruleName(r)
		}
		return false
	})
	return why
}

func ruleName(r *ast.Rule) string {
	return strings.TrimPrefix(r.Module.Package.Path.String(), "data.") + "." + r.Head.Ref().String()
}

// checkScopes refuses custom.scope: document on rules that read the whole
// repository, and on rules of a later phase, which read input.findings
// or input.change by definition.
func checkScopes(c *ast.Compiler, rules []Rule) []error {
	var sc *scopeChecker
	var errs []error
	for _, r := range rules {
		if r.Scope != ScopeDocument {
			continue
		}
		if r.Phase != "" {
			errs = append(errs, &MetadataError{r.File, r.Line, fmt.Sprintf("custom.scope of %s: a rule of custom.phase %s reads the whole repository's findings or change and cannot be scope document", r.ID, r.Phase)})
			continue
		}
		if sc == nil {
			sc = newScopeChecker(c)
		}
		if why, _ := sc.check(r.Package); why != "" {
			errs = append(errs, &MetadataError{r.File, r.Line, fmt.Sprintf("custom.scope of %s: the rule reads %s, a value of the whole repository, so it cannot be judged file by file; remove custom.scope: document", r.ID, why)})
		}
	}
	return errs
}

// ScopeCheck returns, for each rule of the engine, why it could not
// declare custom.scope: document ("" when it could): for tests and for
// pack authors choosing which rules to declare.
func (e *Engine) ScopeCheck() map[string]string {
	sc := newScopeChecker(e.compiler)
	out := map[string]string{}
	for _, r := range e.rules {
		if r.Phase != "" {
			out[r.ID] = "custom.phase " + r.Phase
			continue
		}
		out[r.ID], _ = sc.check(r.Package)
	}
	return out
}

// givensOf returns, for each document-scoped rule that reads givens, the
// givens' refs, sorted.
func givensOf(c *ast.Compiler, rules []Rule) map[string][]string {
	var sc *scopeChecker
	out := map[string][]string{}
	for _, r := range rules {
		if r.Scope != ScopeDocument || r.Phase != "" {
			continue
		}
		if sc == nil {
			sc = newScopeChecker(c)
		}
		if why, givens := sc.check(r.Package); why == "" && len(givens) > 0 {
			out[r.ID] = givens
		}
	}
	return out
}

// Givens returns the givens of rule id (sorted refs, such as
// data.qmslint.lib.ids): the values of the whole repository a
// document-scoped rule reads beside each file; nil for the others.
func (e *Engine) Givens(id string) []string { return e.givens[id] }
