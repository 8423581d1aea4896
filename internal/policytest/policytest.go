// Package policytest runs Rego unit tests in-process under the same
// restricted capabilities as lint, so a rule that passes its tests but calls
// a removed builtin fails here rather than in a user's CI.
package policytest

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/qmslint/qmslint/internal/engine"
)

// Result is one test's outcome.
type Result struct {
	Package  string        `json:"package"`
	Name     string        `json:"name"`
	File     string        `json:"file"`
	Line     int           `json:"line"`
	Pass     bool          `json:"pass"`
	Error    string        `json:"error,omitempty"`
	Output   string        `json:"output,omitempty"`
	Duration time.Duration `json:"duration_ns"`
}

// Report is the outcome of a run.
type Report struct {
	Results []Result `json:"results"`
	Passed  int      `json:"passed"`
	Failed  int      `json:"failed"`
	// Coverage is the percentage of rule lines evaluated, when requested.
	Coverage *float64 `json:"coverage,omitempty"`
	// Files holds per-file coverage, when requested.
	Files map[string]float64 `json:"files,omitempty"`
	// NotCovered holds, per rule file, the lines no test evaluated.
	NotCovered map[string][]int `json:"not_covered,omitempty"`
}

// Options for a run.
type Options struct {
	Coverage bool
	Filter   string // regular expression on test names
	Timeout  time.Duration
	// Support are sources the tests need (the built-in library) whose own
	// tests are not run and whose files are left out of the coverage.
	Support []engine.Source
}

// Run executes every test_ rule in sources.
func Run(ctx context.Context, sources []engine.Source, opts Options) (*Report, error) {
	modules, data, err := engine.Modules(append(append([]engine.Source{}, opts.Support...), sources...))
	if err != nil {
		return nil, err
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	compiler := ast.NewCompiler().
		WithCapabilities(engine.Capabilities()).
		WithEnablePrintStatements(true)
	runner := tester.NewRunner().
		SetCompiler(compiler).
		SetStore(inmem.NewFromObject(data)).
		SetModules(modules).
		SetTimeout(opts.Timeout).
		EnableTracing(false).
		Filter(opts.Filter)
	var cov *cover.Cover
	if opts.Coverage {
		cov = cover.New()
		runner = runner.SetCoverageQueryTracer(cov)
	}
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%s", err)
	}
	rep := &Report{}
	for r := range ch {
		res := Result{Package: r.Package, Name: r.Name, Pass: !r.Fail && r.Error == nil && !r.Skip, Output: string(r.Output), Duration: r.Duration}
		if r.Location != nil {
			res.File, res.Line = r.Location.File, r.Location.Row
		}
		if r.Error != nil {
			res.Error = r.Error.Error()
		}
		if r.Skip {
			continue
		}
		if res.Pass {
			rep.Passed++
		} else {
			rep.Failed++
		}
		rep.Results = append(rep.Results, res)
	}
	sort.Slice(rep.Results, func(i, j int) bool {
		a, b := rep.Results[i], rep.Results[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	if cov != nil {
		// Coverage counts rule files only: tests cover themselves.
		ruleModules := map[string]*ast.Module{}
		for name, m := range modules {
			if !isTest(name) && !isSupport(name, opts.Support) {
				ruleModules[name] = m
			}
		}
		// The tester traces test files too; the total counts rule lines
		// only, or every test would inflate it.
		report := cov.Report(ruleModules)
		rep.Files = map[string]float64{}
		rep.NotCovered = map[string][]int{}
		covered, total := 0, 0
		for f, fr := range report.Files {
			if _, ok := ruleModules[f]; !ok {
				continue
			}
			rep.Files[f] = fr.Coverage
			if fr.CoveredLines+fr.NotCoveredLines == 0 {
				rep.Files[f] = 100
			}
			covered += fr.CoveredLines
			total += fr.CoveredLines + fr.NotCoveredLines
			for _, r := range fr.NotCovered {
				for l := r.Start.Row; l <= r.End.Row; l++ {
					rep.NotCovered[f] = append(rep.NotCovered[f], l)
				}
			}
		}
		c := 100.0
		if total > 0 {
			c = 100 * float64(covered) / float64(total)
		}
		rep.Coverage = &c
	}
	return rep, nil
}

func isTest(name string) bool {
	return len(name) > len("_test.rego") && name[len(name)-len("_test.rego"):] == "_test.rego"
}

func isSupport(name string, support []engine.Source) bool {
	for _, s := range support {
		if len(name) > len(s.Name) && name[:len(s.Name)+1] == s.Name+"/" {
			return true
		}
	}
	return false
}
