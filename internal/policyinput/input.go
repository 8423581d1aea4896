// Package policyinput builds the document Rego rules read as `input`: the
// whole repository in one value, each item with the file, line and JSON
// pointer it came from. Its shape is a contract with users' policies
// (docs/policy-model.md); a change that breaks them bumps Version.
package policyinput

import (
	"sort"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// Version of the input model.
const Version = 1

// Options are the evaluation settings rules can see.
type Options struct {
	Date      string // YYYY-MM-DD, the "as of" day
	Standards []string
	// Params are per-rule parameters from .qmslint.yaml, by rule id.
	Params map[string]map[string]any
	// History is input.history, each document's commits by id
	// (internal/history), when the root is in a Git repository; nil
	// leaves the key out, and rules read it with object.get.
	History map[string]any
}

// Build returns the input document. It copies what it annotates, so the
// model stays as the loader made it.
func Build(repo *model.Repository, opts Options) map[string]any {
	files := make([]any, 0, len(repo.Files))
	for _, f := range repo.Files {
		files = append(files, map[string]any{
			"file": f.Path, "format": f.Format, "controlled": f.Controlled, "kind": f.Kind, "failed": f.Failed,
			"claims": claims(f.Claims),
		})
	}
	docs := make([]any, 0, len(repo.Documents))
	for _, d := range repo.Documents {
		m := annotate(d.Meta, d.File, d.Pos)
		m["file"], m["line"], m["pointer"] = d.File, int64(d.Line), ""
		m["format"] = model.YAML
		m["headings"], m["links"] = headings(d.Headings), links(d.Links)
		if d.Body != nil {
			m["format"] = model.Markdown
		}
		docs = append(docs, m)
	}
	regs := make([]any, 0, len(repo.Registers))
	for _, r := range repo.Registers {
		m := annotate(r.Data, r.File, r.Pos)
		m["file"], m["line"], m["pointer"] = r.File, int64(1), ""
		regs = append(regs, m)
	}
	problems := make([]any, 0, len(repo.Problems))
	for _, p := range repo.Problems {
		problems = append(problems, map[string]any{"rule": p.Rule, "file": p.File, "line": int64(p.Line), "subject": p.Subject, "msg": p.Msg})
	}
	standards := make([]any, len(opts.Standards))
	for i, s := range opts.Standards {
		standards[i] = s
	}
	params := map[string]any{}
	for id, p := range opts.Params {
		params[id] = p
	}
	in := map[string]any{
		"version":   int64(Version),
		"date":      opts.Date,
		"standards": standards,
		"config":    map[string]any{"rules": params},
		"files":     files,
		"documents": docs,
		"registers": regs,
		"problems":  problems,
	}
	if opts.History != nil {
		in["history"] = opts.History
	}
	return in
}

// Value converts the input for OPA once, outside the timed evaluation.
func Value(in map[string]any) (ast.Value, error) {
	return ast.InterfaceToValue(in)
}

// annotate shallow-copies data and gives every object in a top-level list
// (register items, approvals, scenarios, CAPA actions) its file, line and
// pointer, so rules can point at the exact item.
func annotate(data map[string]any, file string, pos yamlpos.Positions) map[string]any {
	out := make(map[string]any, len(data)+6)
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := data[k]
		list, ok := v.([]any)
		if !ok {
			out[k] = v
			continue
		}
		items := make([]any, len(list))
		for i, e := range list {
			obj, ok := e.(map[string]any)
			if !ok {
				items[i] = e
				continue
			}
			ptr := yamlpos.Pointer(k, strconv.Itoa(i))
			c := make(map[string]any, len(obj)+3)
			for ok, ov := range obj {
				c[ok] = ov
			}
			p, _ := pos.Lookup(ptr)
			c["file"], c["line"], c["pointer"] = file, int64(p.Line), ptr
			items[i] = c
		}
		out[k] = items
	}
	return out
}

func headings(hs []model.Heading) []any {
	out := make([]any, len(hs))
	for i, h := range hs {
		out[i] = map[string]any{"level": int64(h.Level), "text": h.Text, "line": int64(h.Line)}
	}
	return out
}

func links(ls []model.Link) []any {
	out := make([]any, len(ls))
	for i, l := range ls {
		out[i] = map[string]any{"target": l.Target, "line": int64(l.Line), "local": l.Local, "path": l.Path, "exists": l.Exists}
	}
	return out
}

func claims(cs []model.Claim) []any {
	out := make([]any, len(cs))
	for i, c := range cs {
		out[i] = map[string]any{
			"standard": c.Standard, "edition": c.Edition, "adoption": c.Adoption, "clause": c.Clause,
			"line": int64(c.Line), "source": c.Source, "text": c.Text, "not_applicable": c.NotApplicable,
		}
	}
	return out
}
