package engine

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Fields returns the names by which the enabled rules, and every rule or
// function they call, could read a field of an object of the input: the
// string constants of their Rego, sorted. A caller may give such rules
// the input's documents and registers cut to those fields (and their
// file, line and pointer) instead of whole: review's change rules read a
// few fields of every document of both sides, and converting the rest
// was most of a hook's work after an edit.
//
// The cut gives the results the whole does unless a rule reads an
// object's keys rather than its fields (object.keys, count, a comparison
// of two documents, iterating a document's keys) or a field by a name it
// computes or takes from data, which the constants cannot show. The
// built-in rules do not, and their tests hold them to it
// (TestCutChangeInputAgrees); a policy pack's rules cannot be held, so
// the answer is false when any rule the walk reaches comes from a pack,
// and the caller gives the whole.
func (e *Engine) Fields(enabled func(Rule) bool) ([]string, bool) {
	var start []*ast.Rule
	for _, r := range e.rules {
		if !enabled(r) {
			continue
		}
		deny, err := ast.ParseRef(r.Package + ".deny")
		if err != nil {
			return nil, false
		}
		start = append(start, e.compiler.GetRulesDynamicWithOpts(deny, ast.RulesOptions{})...)
	}
	walked := slices.Clone(start)
	walkReads(e.compiler, start, func(ast.Ref) bool { return true }, func(_ ast.Ref, called []*ast.Rule) []*ast.Rule {
		walked = append(walked, called...)
		return called
	})
	names := []string{}
	for _, r := range walked {
		if !e.builtin[r.Module] {
			return nil, false
		}
		ast.WalkTerms(r, func(t *ast.Term) bool {
			if s, ok := t.Value.(ast.String); ok {
				names = append(names, string(s))
			}
			return false
		})
	}
	slices.Sort(names)
	return slices.Compact(names), true
}
