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
// a whole, whichever rule reads them: the index of every id and kind, the
// Git history, and the findings and change of the later phases.
var crossInput = []string{"index", "history", "findings", "change"}

// wholeInput are the collections of files. A rule's own package may
// iterate them (each element is one file's); a library value that reads
// them is a value of the whole repository (lib.ids, lib.document_by_id,
// lib.people) unless it declares custom.scope: document itself, as a
// selection of elements one by one (lib.documents) does.
var wholeInput = []string{"documents", "registers", "files", "problems"}

// scopeChecker finds why a rule cannot be judged file by file: the first
// read, direct or through the rules it calls, of a value of the whole
// repository. It is a static over-approximation: the proof test
// (policies/scope_test.go) catches what it cannot see, such as a rule
// that joins two documents of input.documents itself.
type scopeChecker struct {
	c *ast.Compiler
	// declared are the library rules that declare custom.scope: document.
	declared map[*ast.Rule]bool
	memo     map[scopeVisit]string
}

type scopeVisit struct {
	rule  *ast.Rule
	owner string // the package of the rule being checked
}

func newScopeChecker(c *ast.Compiler) *scopeChecker {
	sc := &scopeChecker{c: c, declared: map[*ast.Rule]bool{}, memo: map[scopeVisit]string{}}
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
// through data.qmslint.lib.ids").
func (sc *scopeChecker) check(pkg string) string {
	ref, err := ast.ParseRef(pkg + ".deny")
	if err != nil {
		return err.Error()
	}
	for _, r := range sc.c.GetRulesExact(ref) {
		if why := sc.visit(r, pkg); why != "" {
			return why
		}
	}
	return ""
}

func (sc *scopeChecker) visit(r *ast.Rule, owner string) string {
	v := scopeVisit{r, owner}
	if why, ok := sc.memo[v]; ok {
		return why
	}
	sc.memo[v] = "" // Rego has no recursion; this only guards the walk
	own := r.Module.Package.Path.String() == owner
	why := ""
	ast.WalkRefs(r, func(ref ast.Ref) bool {
		if why != "" {
			return true
		}
		why = sc.ref(ref, owner, own)
		return false
	})
	if why != "" && !own {
		why += " through " + ruleName(r)
	}
	sc.memo[v] = why
	return why
}

func (sc *scopeChecker) ref(ref ast.Ref, owner string, own bool) string {
	head := ref[0].Value
	switch {
	case head.Compare(ast.InputRootDocument.Value) == 0:
		if len(ref) < 2 {
			return "input"
		}
		key, ok := ref[1].Value.(ast.String)
		if !ok {
			return ref.String()
		}
		if slices.Contains(crossInput, string(key)) || (!own && slices.Contains(wholeInput, string(key))) {
			return "input." + string(key)
		}
	case head.Compare(ast.DefaultRootDocument.Value) == 0:
		for _, t := range sc.c.GetRules(ref.GroundPrefix()) {
			if sc.declared[t] && t.Module.Package.Path.String() != owner {
				// A selection of files (lib.documents) is trusted by its
				// declaration when the rule's own package iterates it; a
				// library value built over it (lib.people over
				// lib.registers_of_kind) is a value of every file.
				if !own {
					return ruleName(t)
				}
				if why := sc.visitCross(t); why != "" {
					return why
				}
				continue
			}
			if why := sc.visit(t, owner); why != "" {
				return why
			}
		}
	}
	return ""
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
		if why := sc.check(r.Package); why != "" {
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
		out[r.ID] = sc.check(r.Package)
	}
	return out
}
