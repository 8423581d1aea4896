package engine

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Problem is one thing wrong with a policy, at the file and line to fix.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Msg  string `json:"msg"`
}

func (p Problem) String() string {
	if p.File == "" {
		return p.Msg
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// Check compiles sources under lint's capabilities and validates every
// rule's metadata the way lint would, plus what lint cannot afford to
// check on every run: clauses missing from the clause catalogs, ids that
// collide with built-in rules, rules without a _test.rego beside them and
// rules without a description. Built-in sources are compiled (user rules
// import their library) but their rules are not reported on.
func Check(sources []Source) ([]Rule, []Problem) {
	l, err := load(sources, false)
	if err != nil {
		return nil, splitProblems(err.Error())
	}
	c := ast.NewCompiler().
		WithCapabilities(Capabilities()).
		WithEnablePrintStatements(false)
	c.Compile(l.modules)
	if c.Failed() {
		var ps []Problem
		for _, e := range c.Errors {
			p := Problem{Msg: e.Message}
			if e.Location != nil {
				p.File, p.Line = e.Location.File, e.Location.Row
			}
			ps = append(ps, p)
		}
		sortProblems(ps)
		return nil, ps
	}
	builtinFile := func(f string) bool {
		o, ok := l.origin[f]
		return ok && sources[o.source].Builtin
	}
	annotations := c.GetAnnotationSet()
	type pkgRule struct {
		m       *ast.Module
		builtin bool
	}
	var pkgs []pkgRule
	for _, m := range c.Modules {
		for _, r := range m.Rules {
			if r.Head.Ref().String() == "deny" {
				pkgs = append(pkgs, pkgRule{m, builtinFile(m.Package.Location.File)})
				break
			}
		}
	}
	// Built-in rules first, so a collision is reported at the pack's rule.
	sort.Slice(pkgs, func(i, j int) bool {
		if pkgs[i].builtin != pkgs[j].builtin {
			return pkgs[i].builtin
		}
		return pkgs[i].m.Package.Location.File < pkgs[j].m.Package.Location.File
	})
	catalogs := clauseCatalogs(l.data)
	seen := map[string]Rule{}
	var rules []Rule
	var ps []Problem
	for _, pr := range pkgs {
		loc := pr.m.Package.Location
		a := annotations.GetPackageScope(pr.m.Package)
		if a == nil {
			ps = append(ps, Problem{loc.File, loc.Row, fmt.Sprintf("package %s defines deny but has no # METADATA block with title and custom id, severity and clauses", strings.TrimPrefix(pr.m.Package.Path.String(), "data."))})
			continue
		}
		r, err := ruleFrom(pr.m.Package.Path.String(), a)
		r.Builtin = pr.builtin
		if err != nil {
			if !pr.builtin {
				ps = append(ps, Problem{r.File, r.Line, strings.TrimPrefix(err.Error(), fmt.Sprintf("%s:%d: ", r.File, r.Line))})
			}
			continue
		}
		if prev, dup := seen[r.ID]; dup {
			if prev.Builtin {
				ps = append(ps, Problem{r.File, r.Line, fmt.Sprintf("custom.id %q collides with the built-in rule at %s:%d; give your rule an id in your own area (such as acme.%s)", r.ID, prev.File, prev.Line, r.ID[strings.IndexByte(r.ID, '.')+1:])})
			} else {
				ps = append(ps, Problem{r.File, r.Line, fmt.Sprintf("custom.id %q is already used by %s:%d; every rule needs its own id", r.ID, prev.File, prev.Line)})
			}
			continue
		}
		seen[r.ID] = r
		rules = append(rules, r)
		if r.Builtin {
			continue
		}
		if r.Description == "" {
			ps = append(ps, Problem{r.File, r.Line, fmt.Sprintf("%s has no description; say why the rule matters, in a sentence a QA manager would quote to an auditor", r.ID)})
		}
		if catalogs != nil {
			for _, cl := range r.Clauses {
				std, num, _ := strings.Cut(cl, ":")
				known, ok := catalogs[std]
				if !ok {
					ps = append(ps, Problem{r.File, r.Line, fmt.Sprintf("custom.clauses of %s: no clause catalog for %s", r.ID, std)})
				} else if !known[num] {
					ps = append(ps, Problem{r.File, r.Line, fmt.Sprintf("custom.clauses of %s: %s is not a clause of %s in the catalog (qmslint coverage lists them)", r.ID, cl, std)})
				}
			}
		}
		if !hasTest(sources, l.origin[r.File]) {
			ps = append(ps, Problem{r.File, r.Line, fmt.Sprintf("%s has no _test.rego beside it; add tests with a passing and a failing case (qmslint policy new scaffolds them)", r.ID)})
		}
	}
	sortProblems(ps)
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules, ps
}

// clauseCatalogs reads the clause numbers of data.qmslint.catalogs by
// standard ("ISO13485" → {"4.2.4": true}). Several editions of a standard
// pool their clauses: a rule's clause id names no edition. nil when no
// catalog is loaded.
func clauseCatalogs(data map[string]any) map[string]map[string]bool {
	q, _ := data["qmslint"].(map[string]any)
	cats, _ := q["catalogs"].(map[string]any)
	if len(cats) == 0 {
		return nil
	}
	out := map[string]map[string]bool{}
	for _, v := range cats {
		cat, _ := v.(map[string]any)
		std, _ := cat["standard"].(string)
		clauses, _ := cat["clauses"].(map[string]any)
		if std == "" {
			continue
		}
		if out[std] == nil {
			out[std] = map[string]bool{}
		}
		for num := range clauses {
			out[std][num] = true
		}
	}
	return out
}

// hasTest reports whether a _test.rego lies in the rule file's directory:
// the convention is one test file per rule or one per area.
func hasTest(sources []Source, o origin) bool {
	matches, _ := fs.Glob(sources[o.source].FS, path.Join(path.Dir(o.path), "*_test.rego"))
	return len(matches) > 0
}

// splitProblems turns the loader's "file:line: msg" lines into problems.
func splitProblems(s string) []Problem {
	var ps []Problem
	for _, line := range strings.Split(s, "\n") {
		var p Problem
		if file, rest, ok := strings.Cut(line, ":"); ok {
			var n int
			if _, err := fmt.Sscanf(rest, "%d:", &n); err == nil {
				_, msg, _ := strings.Cut(rest, ":")
				p = Problem{file, n, strings.TrimSpace(msg)}
				ps = append(ps, p)
				continue
			}
		}
		ps = append(ps, Problem{Msg: line})
	}
	return ps
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}
