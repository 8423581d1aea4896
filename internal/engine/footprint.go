package engine

import (
	"slices"
	"strings"

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
// document-scoped).
func (e *Engine) FootprintOf(id string) (Footprint, bool) {
	fp, ok := e.footprints[id]
	return fp, ok
}

// GivenFootprint returns the footprint of a given, a library value read
// by value (Givens, custom.given: value): the parts of the input it is
// computed from. A run keeps a given's value under their digests, so that
// the next one need not convert the whole input to compute it again.
// false when it cannot be named.
func (e *Engine) GivenFootprint(ref string) (Footprint, bool) {
	fp, ok := e.givenPrints[ref]
	return fp, ok
}

// footprints walks each repository-scoped rule, of any phase, as Reads
// does, stopping at the library values that declare custom.given: value,
// which are read by value: a few values of the whole repository (the
// declared parameters, the recovery scenarios, the set of ids) that would
// otherwise tie every rule that reads them to every document. It also
// walks every given, which is named by what it reads.
func footprints(c *ast.Compiler, rules []Rule, docGivens map[string][]string) (byRule, byGiven map[string]Footprint, ofKind Footprint, kindOK bool) {
	given := map[*ast.Rule]bool{}
	refs := map[string]bool{}
	for _, gs := range docGivens {
		for _, g := range gs {
			refs[g] = true
		}
	}
	as := c.GetAnnotationSet()
	for _, m := range c.Modules {
		for _, r := range m.Rules {
			for _, a := range as.GetRuleScope(r) {
				if v, _ := a.Custom["given"].(string); v == "value" && len(r.Head.Args) == 0 {
					given[r] = true
					refs[r.Path().String()] = true
				}
			}
		}
	}
	byRule = map[string]Footprint{}
	for _, rule := range rules {
		if rule.Scope == ScopeDocument {
			continue
		}
		deny, err := ast.ParseRef(rule.Package + ".deny")
		if err != nil {
			continue
		}
		if fp, ok := footprintFrom(c, c.GetRulesDynamicWithOpts(deny, ast.RulesOptions{}), given); ok {
			byRule[rule.ID] = fp
		}
	}
	byGiven = map[string]Footprint{}
	for ref := range refs {
		x, err := ast.ParseRef(ref)
		if err != nil {
			continue
		}
		// Followed through: its digests name the given whole.
		if fp, ok := footprintFrom(c, c.GetRulesDynamicWithOpts(x, ast.RulesOptions{}), nil); ok {
			byGiven[ref] = fp
		}
	}
	ofKind, kindOK = footprintFrom(c, c.GetRulesDynamicWithOpts(documentsOfKind, ast.RulesOptions{}), nil)
	return byRule, byGiven, ofKind, kindOK
}

// footprintFrom is the footprint of the rules start, the rules they call
// followed except those in stop, which are givens read by value.
func footprintFrom(c *ast.Compiler, start []*ast.Rule, stop map[*ast.Rule]bool) (Footprint, bool) {
	var fp Footprint
	ok := len(start) > 0
	walkReads(c, start, func(x ast.Ref) bool {
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
			if !stop[t] {
				follow = append(follow, t)
			} else if p := t.Path().String(); !slices.Contains(fp.Givens, p) {
				fp.Givens = append(fp.Givens, p)
			}
		}
		return follow
	})
	if !ok {
		return Footprint{}, false
	}
	slices.Sort(fp.Reads)
	slices.Sort(fp.Givens)
	return fp, true
}

// InputKeys returns the top-level keys of input the enabled rules read,
// with those their givens and the documents of one kind read, sorted:
// an input of those keys alone gives the rules the same results as the
// whole, and a run converts only them (review's change rules read
// input.change alone). false when a rule's footprint cannot be named.
func (e *Engine) InputKeys(enabled func(Rule) bool) ([]string, bool) {
	var keys []string
	add := func(fp Footprint) {
		for _, k := range fp.Reads {
			if strings.HasPrefix(k, "documents:") {
				keys = append(keys, e.kindReads...)
				continue
			}
			keys = append(keys, k)
		}
	}
	for _, r := range e.rules {
		if !enabled(r) {
			continue
		}
		fp, ok := e.footprints[r.ID]
		if !ok || !e.kindOK {
			return nil, false
		}
		add(fp)
		for _, g := range fp.Givens {
			gp, ok := e.givenPrints[g]
			if !ok {
				return nil, false
			}
			add(gp)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys), true
}
