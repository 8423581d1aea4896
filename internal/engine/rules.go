package engine

import (
	"fmt"
	"github.com/qmslint/qmslint/internal/catalog"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/finding"
)

// Rule is one rule's metadata (finding.Rule): the type lives in the leaf
// package finding so that renderers describe rules without importing the
// evaluator.
type Rule = finding.Rule

// Fixes, PhaseTrace and PhaseReview are finding's, named here for the
// evaluator's callers.
var Fixes = finding.Fixes

const (
	PhaseTrace  = finding.PhaseTrace
	PhaseReview = finding.PhaseReview
)

var (
	idPattern  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$`)
	severities = []string{"major", "minor", "observation"}
)

// DocsURL is finding.DocsURL.
const DocsURL = finding.DocsURL

// MetadataError is a rule whose metadata is missing or wrong.
type MetadataError struct {
	File string
	Line int
	Msg  string
}

func (e *MetadataError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// discover finds every package that defines deny and reads its metadata.
// A deny without metadata is an error: a finding that cannot say its
// severity or clauses is useless to an auditor.
func discover(c *ast.Compiler, builtin map[string]bool) ([]Rule, []error) {
	annotations := c.GetAnnotationSet()
	byPkg := map[string]*ast.Module{}
	for _, m := range c.Modules {
		for _, r := range m.Rules {
			if r.Head.Ref().String() == "deny" {
				byPkg[m.Package.Path.String()] = m
			}
		}
	}
	pkgs := make([]string, 0, len(byPkg))
	for p := range byPkg {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	var rules []Rule
	var errs []error
	seen := map[string]Rule{}
	for _, p := range pkgs {
		m := byPkg[p]
		loc := m.Package.Location
		a := annotations.GetPackageScope(m.Package)
		if a == nil {
			errs = append(errs, &MetadataError{loc.File, loc.Row, fmt.Sprintf("package %s defines deny but has no # METADATA block with title and custom id, severity and clauses", strings.TrimPrefix(p, "data."))})
			continue
		}
		r, err := ruleFrom(p, a)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r.Builtin = builtin[r.File]
		if prev, dup := seen[r.ID]; dup {
			errs = append(errs, &MetadataError{r.File, r.Line, fmt.Sprintf("rule id %q is already used by %s:%d", r.ID, prev.File, prev.Line)})
			continue
		}
		seen[r.ID] = r
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules, errs
}

func ruleFrom(pkg string, a *ast.Annotations) (Rule, error) {
	r := Rule{Package: pkg, Title: a.Title, Description: strings.TrimSpace(a.Description)}
	if a.Location != nil {
		r.File, r.Line = a.Location.File, a.Location.Row
	}
	bad := func(format string, args ...any) (Rule, error) {
		return r, &MetadataError{r.File, r.Line, fmt.Sprintf(format, args...)}
	}
	if r.Title == "" {
		return bad("METADATA has no title")
	}
	id, _ := a.Custom["id"].(string)
	if id == "" {
		return bad("METADATA has no custom.id (such as doc.review-overdue)")
	}
	if !idPattern.MatchString(id) {
		return bad("custom.id %q: use lower-case words joined by '-', with at least one '.' (area.name)", id)
	}
	r.ID = id
	sev, _ := a.Custom["severity"].(string)
	if !slices.Contains(severities, sev) {
		return bad("custom.severity of %s: expected major, minor or observation, got %q", id, a.Custom["severity"])
	}
	r.Severity = sev
	raw, ok := a.Custom["clauses"].([]any)
	if !ok {
		return bad("custom.clauses of %s: expected a list of clause ids such as [%s]", id, catalog.Example())
	}
	for _, c := range raw {
		s, _ := c.(string)
		if !catalog.ValidID(s) {
			return bad("custom.clauses of %s: %v is not a clause id such as %s", id, c, catalog.Examples())
		}
		r.Clauses = append(r.Clauses, s)
	}
	if p, ok := a.Custom["phase"]; ok {
		if p != PhaseTrace && p != PhaseReview {
			return bad("custom.phase of %s: expected %q (a rule that reads input.findings), %q (a rule that reads input.change) or no phase, got %v", id, PhaseTrace, PhaseReview, p)
		}
		r.Phase = p.(string)
	}
	if o, ok := a.Custom["overridable"]; ok {
		b, isBool := o.(bool)
		if !isBool {
			return bad("custom.overridable of %s: expected true or false, got %v", id, o)
		}
		r.Locked = !b
	}
	if f, ok := a.Custom["fix"]; ok {
		name, _ := f.(string)
		if !slices.Contains(Fixes, name) {
			return bad("custom.fix of %s: expected one of %s, got %v", id, strings.Join(Fixes, ", "), f)
		}
		r.Fix = name
	}
	if scope, err := scopeOf(a.Custom); err != nil {
		return bad("custom.scope of %s: %v", id, err)
	} else {
		r.Scope = scope
	}
	if params, ok := a.Custom["params"].(map[string]any); ok {
		r.Params = params
	}
	for _, rr := range a.RelatedResources {
		if r.Help == "" {
			r.Help = rr.Ref.String()
		}
	}
	if r.Help == "" {
		r.Help = DocsURL + "#" + Anchor(id)
	}
	return r, nil
}

// Anchor is finding.Anchor.
func Anchor(id string) string { return finding.Anchor(id) }
