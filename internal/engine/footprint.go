package engine

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Footprint is what the findings of a repository-scoped rule depend on
// besides a run's context (the build, packs, configuration, date and
// standards): the parts of the input it reads (input.registers,
// input.documents, ...), and the library values it reads by value, its
// givens. A run keeps such a rule's findings under the digests of those
// parts and values, and the next run, or the other side of a comparison,
// whose parts and values are the same takes them instead of evaluating
// the rule: a change to a procedure's text does not judge the
// infrastructure inventory again.
type Footprint struct {
	Reads  []string // top-level keys of input, sorted
	Givens []string // refs, sorted
}

// documentsOfKind is the library's selection of documents by kind.
var documentsOfKind = ast.MustParseRef("data.qmslint.lib.documents_of_kind")

// FootprintOf returns rule id's footprint; false when it cannot be named
// (the rule reads input whole or by a key known only at evaluation, or is
// of a later phase or document-scoped).
func (e *Engine) FootprintOf(id string) (Footprint, bool) {
	fp, ok := e.footprints[id]
	return fp, ok
}

// footprints walks each first-phase repository-scoped rule as Reads does,
// stopping at the library values that declare custom.given: value, which
// are read by value: a few values of the whole repository (the declared
// parameters, the recovery scenarios, the set of ids) that would
// otherwise tie every rule that reads them to every document.
func footprints(c *ast.Compiler, rules []Rule) map[string]Footprint {
	given := map[*ast.Rule]bool{}
	as := c.GetAnnotationSet()
	for _, m := range c.Modules {
		for _, r := range m.Rules {
			for _, a := range as.GetRuleScope(r) {
				if v, _ := a.Custom["given"].(string); v == "value" && len(r.Head.Args) == 0 {
					given[r] = true
				}
			}
		}
	}
	out := map[string]Footprint{}
	for _, rule := range rules {
		if rule.Phase != "" || rule.Scope == ScopeDocument {
			continue
		}
		deny, err := ast.ParseRef(rule.Package + ".deny")
		if err != nil {
			continue
		}
		var fp Footprint
		ok := true
		walkReads(c, c.GetRulesDynamicWithOpts(deny, ast.RulesOptions{}), func(x ast.Ref) bool {
			key, isStr := ast.String(""), false
			if len(x) > 1 {
				key, isStr = x[1].Value.(ast.String)
			}
			if !isStr {
				ok = false
				return false
			}
			if !slices.Contains(fp.Reads, string(key)) {
				fp.Reads = append(fp.Reads, string(key))
			}
			return true
		}, func(x ast.Ref, called []*ast.Rule) []*ast.Rule {
			// The documents of one kind (lib.documents_of_kind.capa) are
			// that kind's files, not every document.
			if len(x) > len(documentsOfKind) && x.HasPrefix(documentsOfKind) {
				if kind, isStr := x[len(documentsOfKind)].Value.(ast.String); isStr {
					if k := "documents:" + string(kind); !slices.Contains(fp.Reads, k) {
						fp.Reads = append(fp.Reads, k)
					}
					return nil
				}
			}
			var follow []*ast.Rule
			for _, t := range called {
				if !given[t] {
					follow = append(follow, t)
				} else if p := t.Path().String(); !slices.Contains(fp.Givens, p) {
					fp.Givens = append(fp.Givens, p)
				}
			}
			return follow
		})
		if ok {
			slices.Sort(fp.Reads)
			slices.Sort(fp.Givens)
			out[rule.ID] = fp
		}
	}
	return out
}
