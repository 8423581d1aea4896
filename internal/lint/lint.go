// Package lint runs the pipeline: load the repository, validate it against
// the schemas, evaluate the rules, and turn their results into findings with
// exact positions and configured severities.
package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/policyinput"
	"github.com/qmslint/qmslint/internal/schema"
	"github.com/qmslint/qmslint/internal/yamlpos"
	"github.com/qmslint/qmslint/policies"
)

// Options for one run.
type Options struct {
	Root       string
	ConfigFile string    // "" to discover .qmslint.yaml
	Date       time.Time // the "as of" day
	Policies   []string  // extra policy directories (--policy)
	Timeout    time.Duration
}

// Result is everything later stages (trace, render) need.
type Result struct {
	Root     string
	Date     string
	Config   *config.Config
	Rules    []engine.Rule
	Findings []finding.Finding
	Repo     *model.Repository
}

// Error is a usage or configuration error: the run could not happen.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Sources returns the built-in policies plus the configured and given
// directories, in that order.
func Sources(cfg *config.Config, extra []string) ([]engine.Source, error) {
	sources := []engine.Source{{Name: "policies", FS: policies.FS, Builtin: true}}
	dirs := append(cfg.PolicyDirs(), extra...)
	for _, d := range dirs {
		fi, err := os.Stat(d)
		if err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("policy directory %s: not a readable directory", d)
		}
		name := d
		if rel, err := filepath.Rel(".", d); err == nil && !filepath.IsAbs(rel) {
			name = filepath.ToSlash(rel)
		}
		sources = append(sources, engine.Source{Name: name, FS: os.DirFS(d)})
	}
	return sources, nil
}

// Run lints one repository.
func Run(ctx context.Context, opts Options) (*Result, error) {
	cfg, err := config.Load(opts.Root, opts.ConfigFile)
	if err != nil {
		return nil, &Error{err}
	}
	sources, err := Sources(cfg, opts.Policies)
	if err != nil {
		return nil, &Error{err}
	}
	eng, err := engine.New(sources)
	if err != nil {
		return nil, &Error{fmt.Errorf("policies do not compile:\n%w", err)}
	}
	for id := range cfg.Rules {
		if _, ok := eng.Rule(id); !ok {
			return nil, &Error{fmt.Errorf("%s: rules: unknown rule %q (see qmslint rules)", cfg.File, id)}
		}
	}
	repo, err := load.Load(opts.Root, load.Options{Ignore: cfg.Ignore})
	if err != nil {
		return nil, &Error{err}
	}
	v, err := schema.Default()
	if err != nil {
		return nil, err
	}
	v.Validate(repo)

	date := opts.Date.Format("2006-01-02")
	in := policyinput.Build(repo, policyinput.Options{Date: date, Standards: cfg.Standards, Params: cfg.Params})
	value, err := policyinput.Value(in)
	if err != nil {
		return nil, err
	}
	q, err := eng.Prepare(ctx, func(r engine.Rule) bool { return !cfg.Rules[r.ID].Disabled }, opts.Timeout)
	if err != nil {
		return nil, &Error{err}
	}
	results, err := q.Eval(ctx, value, opts.Date)
	if err != nil {
		return nil, &Error{err}
	}
	return &Result{
		Root:     opts.Root,
		Date:     date,
		Config:   cfg,
		Rules:    eng.Rules(),
		Findings: Findings(repo, cfg, results),
		Repo:     repo,
	}, nil
}

// Findings resolves rule results into findings: positions from pointers or
// subject ids, severities from the config.
func Findings(repo *model.Repository, cfg *config.Config, results []engine.Result) []finding.Finding {
	idx := newIndex(repo)
	seen := map[string]bool{}
	out := make([]finding.Finding, 0, len(results))
	for _, r := range results {
		f := finding.Finding{
			Rule:     r.Rule.ID,
			Severity: r.Rule.Severity,
			Clauses:  append([]string{}, r.Rule.Clauses...),
			Subject:  r.Subject,
			File:     r.File,
			Message:  r.Msg,
			Status:   finding.StatusOpen,
			CAPA:     []string{},
		}
		if s := cfg.Rules[r.Rule.ID].Severity; s != "" {
			f.Severity = s
		}
		if f.Subject == "" {
			f.Subject = f.File
		}
		if f.Subject == "" {
			f.Subject = "repository"
		}
		switch {
		case r.HasLine:
			f.Line = r.Line
		case f.File != "":
			f.Line = idx.line(f.File, r.Pointer)
		default:
			if loc, ok := idx.ids[f.Subject]; ok {
				f.File = loc.file
				f.Line = idx.line(loc.file, loc.pointer)
			}
		}
		f.ID = f.Rule + ":" + f.Subject
		key := fmt.Sprintf("%s\x00%s\x00%d\x00%s", f.ID, f.File, f.Line, f.Message)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, f)
	}
	finding.Sort(out)
	return out
}

type location struct{ file, pointer string }

type index struct {
	pos map[string]yamlpos.Positions
	ids map[string]location
}

func newIndex(repo *model.Repository) *index {
	idx := &index{pos: map[string]yamlpos.Positions{}, ids: map[string]location{}}
	add := func(id, file, ptr string) {
		if _, dup := idx.ids[id]; id != "" && !dup {
			idx.ids[id] = location{file, ptr}
		}
	}
	for _, d := range repo.Documents {
		idx.pos[d.File] = d.Pos
		add(model.ID(d.Meta), d.File, "")
	}
	for _, r := range repo.Registers {
		idx.pos[r.File] = r.Pos
		add(model.ID(r.Data), r.File, "")
		for _, list := range model.RegisterKinds[model.Kind(r.Data)] {
			items, _ := r.Data[list].([]any)
			for i, it := range items {
				if m, ok := it.(map[string]any); ok {
					add(model.ID(m), r.File, fmt.Sprintf("/%s/%d", list, i))
				}
			}
		}
	}
	return idx
}

func (idx *index) line(file, pointer string) int {
	pos, ok := idx.pos[file]
	if !ok {
		return 0
	}
	p, _ := pos.Lookup(pointer)
	return p.Line
}
