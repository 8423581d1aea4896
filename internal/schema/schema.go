// Package schema validates documents and registers against the embedded JSON
// Schemas and turns each violation into a problem at the offending field's
// line, phrased for the person who wrote the file.
package schema

import (
	"encoding/json"
	"fmt"
	"github.com/qmslint/qmslint/internal/catalog"
	"io/fs"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/parallel"
	"github.com/qmslint/qmslint/internal/yamlpos"
	"github.com/qmslint/qmslint/schemas"
)

// Validator holds the compiled schema of every kind.
type Validator struct {
	byKind map[string]*jsonschema.Schema
}

var (
	once     sync.Once
	shared   *Validator
	sharedEr error
)

// Default returns the validator of the embedded schemas, compiled once per
// process: compiling is the expensive part and the schemas never change.
func Default() (*Validator, error) {
	once.Do(func() { shared, sharedEr = New(schemas.FS) })
	return shared, sharedEr
}

// New compiles every *.schema.json in fsys. A kind's schema is the file
// named after it; files without a matching kind are shared definitions.
func New(fsys fs.FS) (*Validator, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	names, err := fs.Glob(fsys, "*.schema.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
		if err != nil {
			return nil, fmt.Errorf("schemas/%s: %w", name, err)
		}
		if name == RegisterSchema {
			if err := setKindEnum(doc, registerKinds()); err != nil {
				return nil, fmt.Errorf("schemas/%s: %w", name, err)
			}
		}
		if err := c.AddResource(schemas.BaseURL+name, doc); err != nil {
			return nil, fmt.Errorf("schemas/%s: %w", name, err)
		}
	}
	v := &Validator{byKind: map[string]*jsonschema.Schema{}}
	kinds := append(slices.Clone(model.DocumentKinds), registerKinds()...)
	for _, k := range kinds {
		name := k + ".schema.json"
		if !slices.Contains(names, name) {
			return nil, fmt.Errorf("schemas: no schema for kind %q (want %s)", k, name)
		}
		s, err := c.Compile(schemas.BaseURL + name)
		if err != nil {
			return nil, fmt.Errorf("schemas/%s: %w", name, err)
		}
		v.byKind[k] = s
	}
	return v, nil
}

// RegisterSchema is the schema every register kind's schema refers to; its
// kind enum is the declared register kinds (model.RegisterKinds), set here
// so that a kind declared once is valid everywhere. The file keeps the same
// list for editors that read it alone, and a test holds the two equal.
const RegisterSchema = "register.schema.json"

func setKindEnum(doc any, kinds []string) error {
	root, _ := doc.(map[string]any)
	props, _ := root["properties"].(map[string]any)
	kind, _ := props["kind"].(map[string]any)
	if kind == nil {
		return fmt.Errorf("no properties.kind to list the register kinds in")
	}
	enum := make([]any, len(kinds))
	for i, k := range kinds {
		enum[i] = k
	}
	kind["enum"] = enum
	return nil
}

func registerKinds() []string {
	out := make([]string, 0, len(model.RegisterKinds))
	for k := range model.RegisterKinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Kinds lists every kind a file may declare, sorted: those with a schema
// but the built ones (model.BuiltKinds).
func (v *Validator) Kinds() []string {
	out := make([]string, 0, len(v.byKind))
	for k := range v.byKind {
		if !model.BuiltKinds[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Validate checks every document and register of repo and appends one
// problem per violation to repo.Problems, in the order of the files. The
// files are validated on every core: a compiled schema is safe for
// concurrent use, and each worker has its own message printer.
func (v *Validator) Validate(repo *model.Repository) {
	type item struct {
		file string
		data map[string]any
		pos  yamlpos.Positions
	}
	items := make([]item, 0, len(repo.Documents)+len(repo.Registers))
	for _, d := range repo.Documents {
		items = append(items, item{d.File, d.Meta, d.Pos})
	}
	for _, r := range repo.Registers {
		items = append(items, item{r.File, r.Data, r.Pos})
	}
	found := make([][]model.Problem, len(items))
	printers := make([]*message.Printer, parallel.Workers(len(items)))
	parallel.Each(len(items), func(w, i int) {
		if printers[w] == nil {
			printers[w] = message.NewPrinter(language.English)
		}
		found[i] = v.check(items[i].file, items[i].data, items[i].pos, printers[w])
	})
	for _, ps := range found {
		repo.Problems = append(repo.Problems, ps...)
	}
}

func (v *Validator) check(file string, data map[string]any, pos yamlpos.Positions, p *message.Printer) (problems []model.Problem) {
	subject := model.ID(data)
	if subject == "" {
		subject = file
	}
	// A validator bug must cost one file, not the run (and it runs on a
	// worker goroutine, which no caller's recover guards).
	defer func() {
		if r := recover(); r != nil {
			problems = []model.Problem{{Rule: model.RuleSchema, File: file, Line: 1, Subject: subject, Msg: fmt.Sprintf("internal error while validating: %v", r)}}
		}
	}()
	at := func(ptr string) int {
		p, _ := pos.Lookup(ptr)
		return p.Line
	}
	k, hasKind := data["kind"]
	kindStr, _ := k.(string)
	sch := v.byKind[kindStr]
	if sch == nil {
		msg := "kind: missing; say which kind of document this is"
		if hasKind {
			msg = fmt.Sprintf("kind: unknown kind %s", quote(k))
		}
		msg += fmt.Sprintf(" (one of %s); if the file is not part of the QMS, add it to ignore: in .qmslint.yaml", strings.Join(v.Kinds(), ", "))
		return []model.Problem{{Rule: model.RuleSchema, File: file, Line: at("/kind"), Subject: subject, Msg: msg}}
	}
	var out []model.Problem
	hugeNumbers(data, nil, func(tokens []string, msg string) {
		out = append(out, model.Problem{Rule: model.RuleSchema, File: file, Line: at(pointer(tokens)), Subject: subject + "/" + Path(tokens), Msg: msg})
	})
	err := sch.Validate(data)
	if err == nil {
		return out
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return append(out, model.Problem{Rule: model.RuleSchema, File: file, Line: 1, Subject: subject, Msg: err.Error()})
	}
	seen := map[string]bool{}
	for _, leaf := range leaves(ve) {
		ptr := pointer(leaf.InstanceLocation)
		msg := describe(leaf, data, p)
		if seen[ptr+msg] {
			continue
		}
		seen[ptr+msg] = true
		// One finding per field, so each can be cited on its own.
		sub := subject
		if p := Path(leaf.InstanceLocation); p != "" {
			sub += "/" + p
		}
		out = append(out, model.Problem{Rule: model.RuleSchema, File: file, Line: at(ptr), Subject: sub, Msg: msg})
	}
	return out
}

func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

func pointer(loc []string) string {
	return yamlpos.Pointer(loc...)
}

// Path renders an instance location the way people write it:
// approvals[0].date.
func Path(loc []string) string {
	var b strings.Builder
	for _, t := range loc {
		if _, err := strconv.Atoi(t); err == nil {
			b.WriteString("[" + t + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

func describe(e *jsonschema.ValidationError, data map[string]any, p *message.Printer) string {
	path := Path(e.InstanceLocation)
	got := valueAt(data, e.InstanceLocation)
	var msg string
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		names := make([]string, len(k.Missing))
		for i, m := range k.Missing {
			names[i] = strconv.Quote(m)
		}
		field := "field"
		if len(names) > 1 {
			field = "fields"
		}
		where := ""
		if path != "" {
			where = path + ": "
		}
		return fmt.Sprintf("%smissing required %s %s", where, field, strings.Join(names, ", "))
	case *kind.Type:
		msg = fmt.Sprintf("expected %s, got %s", article(k.Want), describeValue(got))
	case *kind.Format:
		if k.Want == "date" {
			msg = fmt.Sprintf("expected a date like 2026-01-12, got %s", quote(got))
		} else {
			msg = fmt.Sprintf("expected a %s, got %s", k.Want, quote(got))
		}
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		msg = fmt.Sprintf("expected one of %s, got %s", strings.Join(want, ", "), quote(got))
	case *kind.Const:
		msg = fmt.Sprintf("expected %v, got %s", k.Want, quote(got))
	case *kind.Pattern:
		msg = patternMessage(k, got)
	case *kind.MinLength:
		msg = "must not be empty"
	case *kind.MinItems:
		msg = fmt.Sprintf("must list at least %d item(s)", k.Want)
	case *kind.Minimum:
		msg = fmt.Sprintf("expected at least %s, got %s", rat(k.Want), quote(got))
	case *kind.Maximum:
		msg = fmt.Sprintf("expected at most %s, got %s", rat(k.Want), quote(got))
	case *kind.ExclusiveMinimum:
		msg = fmt.Sprintf("expected more than %s, got %s", rat(k.Want), quote(got))
	case *kind.AdditionalProperties:
		msg = fmt.Sprintf("unknown field(s) %s", strings.Join(k.Properties, ", "))
	default:
		msg = e.ErrorKind.LocalizedString(p)
	}
	if path == "" {
		return msg
	}
	return path + ": " + msg
}

func patternMessage(k *kind.Pattern, got any) string {
	switch {
	case k.Want == catalog.IDPattern:
		return fmt.Sprintf("%s is not a clause id; write it as %s", quote(got), catalog.Examples())
	case soaPattern(k.Want) != nil:
		return fmt.Sprintf("%s is not an Annex A control id; write it as %s", quote(got), soaPattern(k.Want).ExampleID())
	case strings.HasPrefix(k.Want, "^[A-Za-z0-9]"):
		return fmt.Sprintf("%s is not a valid id: use letters, digits, '.', '_', ':' and '-', starting with a letter or digit", quote(got))
	}
	return fmt.Sprintf("%s does not match the pattern %s", quote(got), k.Want)
}

// soaPattern returns the catalog whose annex controls a pattern is for
// ("^STD:A\\.[5-8]..."), nil when it is not one.
func soaPattern(want string) *catalog.Catalog {
	for _, c := range catalog.All() {
		if c.SoA != nil && strings.HasPrefix(want, "^"+c.Standard+":"+regexp.QuoteMeta(c.Grammar.Annex)) {
			return c
		}
	}
	return nil
}

func article(types []string) string {
	words := make([]string, len(types))
	for i, t := range types {
		switch t {
		case "object":
			words[i] = "a mapping"
		case "array":
			words[i] = "a list"
		case "integer":
			words[i] = "a whole number"
		case "number":
			words[i] = "a number"
		case "boolean":
			words[i] = "true or false"
		case "string":
			words[i] = "a text value"
		default:
			words[i] = t
		}
	}
	return strings.Join(words, " or ")
}

func describeValue(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case nil:
		return "nothing"
	case bool:
		return fmt.Sprintf("%v", v)
	case string:
		return quote(v)
	}
	return fmt.Sprintf("the number %v", v)
}

func quote(v any) string {
	switch t := v.(type) {
	case string:
		return strconv.Quote(t)
	case nil:
		return "nothing"
	case map[string]any, []any:
		b, _ := json.Marshal(t)
		return string(b)
	}
	return fmt.Sprint(v)
}

func rat(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func valueAt(data any, loc []string) any {
	cur := data
	for _, t := range loc {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}
