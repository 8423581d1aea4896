package policydoc

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"text/template"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/policyinput"
	"github.com/qmslint/qmslint/policies"
	"github.com/qmslint/qmslint/schemas"
)

// InputSchema is the JSON Schema of the policy input model, in schemas/.
const InputSchema = "policy-input.schema.json"

// RegenerateModel is the command that rewrites docs/policy-model.md.
const RegenerateModel = "go run ./cmd/qmslint policy doc --model > docs/policy-model.md"

//go:embed model.md.tmpl
var modelTmpl string

type schemaNode struct {
	Title       string                 `json:"title"`
	Description string                 `json:"description"`
	Type        any                    `json:"type"`
	Const       any                    `json:"const"`
	Enum        []any                  `json:"enum"`
	Ref         string                 `json:"$ref"`
	Format      string                 `json:"format"`
	Required    []string               `json:"required"`
	Properties  map[string]*schemaNode `json:"properties"`
	Items       *schemaNode            `json:"items"`
	AddProps    any                    `json:"additionalProperties"`
	Version     int                    `json:"x-version"`
}

func readSchema(name string) (*schemaNode, error) {
	raw, err := fs.ReadFile(schemas.FS, name)
	if err != nil {
		return nil, err
	}
	var n schemaNode
	if err := json.Unmarshal(raw, &n); err != nil {
		return nil, fmt.Errorf("schemas/%s: %v", name, err)
	}
	return &n, nil
}

// Model writes docs/policy-model.md: the prose of model.md.tmpl around
// tables generated from the input schema, the kind schemas and the rule
// library's comments.
func Model(w io.Writer) error {
	in, err := readSchema(InputSchema)
	if err != nil {
		return err
	}
	if in.Version != policyinput.Version {
		return fmt.Errorf("schemas/%s: x-version is %d but the input model is version %d; update the schema and the doc together", InputSchema, in.Version, policyinput.Version)
	}
	var input bytes.Buffer
	fieldTable(&input, "input", in)
	kinds, err := kindTables()
	if err != nil {
		return err
	}
	lib, err := library()
	if err != nil {
		return err
	}
	t, err := template.New("model").Parse(modelTmpl)
	if err != nil {
		return err
	}
	return t.Execute(w, map[string]any{
		"Version":    policyinput.Version,
		"Input":      input.String(),
		"Kinds":      kinds,
		"Library":    lib,
		"Regenerate": RegenerateModel,
	})
}

// fieldTable lists every field under n with its dotted path, so a rule
// author can read input.files[].claims[].clause off the table.
func fieldTable(w io.Writer, root string, n *schemaNode) {
	fmt.Fprintf(w, "| Field | Type | Description |\n| --- | --- | --- |\n")
	var walk func(prefix string, n *schemaNode)
	walk = func(prefix string, n *schemaNode) {
		for _, k := range sortedProps(n) {
			c := n.Properties[k]
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			req := ""
			if contains(n.Required, k) {
				req = " (always)"
			}
			fmt.Fprintf(w, "| `%s` | %s%s | %s |\n", p, typeOf(c), req, cell(c.Description))
			switch {
			case c.Items != nil && len(c.Items.Properties) > 0:
				walk(p+"[]", c.Items)
			case len(c.Properties) > 0:
				walk(p, c)
			}
		}
	}
	walk(root, n)
}

func sortedProps(n *schemaNode) []string {
	keys := make([]string, 0, len(n.Properties))
	for k := range n.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func typeOf(n *schemaNode) string {
	switch {
	case n.Const != nil:
		b, _ := json.Marshal(n.Const)
		return "`" + string(b) + "`"
	case len(n.Enum) > 0:
		parts := make([]string, len(n.Enum))
		for i, e := range n.Enum {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, " \\| ")
	case n.Ref != "":
		if i := strings.LastIndexByte(n.Ref, '/'); i >= 0 {
			return n.Ref[i+1:]
		}
		return strings.TrimSuffix(n.Ref, ".schema.json")
	case n.Type == "array" && n.Items != nil:
		return "list of " + typeOf(n.Items)
	case n.Type == "string" && n.Format != "":
		return n.Format
	case n.Type != nil:
		return fmt.Sprint(n.Type)
	}
	return "any"
}

func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// kindTables describes every document and register kind from its schema:
// what a rule finds in input.documents and input.registers.
func kindTables() (string, error) {
	var b bytes.Buffer
	regs := make([]string, 0, len(model.RegisterKinds))
	for k := range model.RegisterKinds {
		regs = append(regs, k)
	}
	sort.Strings(regs)
	write := func(kind, where string) error {
		n, err := readSchema(kind + ".schema.json")
		if err != nil {
			return err
		}
		if kind == "document" || kind == "register" {
			fmt.Fprintf(&b, "### %s\n\nShared by every kind below, in `%s`; schema `schemas/%s.schema.json`.", n.Title, where, kind)
		} else {
			fmt.Fprintf(&b, "### %s\n\n`kind: %s`, in `%s`; schema `schemas/%s.schema.json`.", n.Title, kind, where, kind)
		}
		if d := strings.TrimSpace(n.Description); d != "" {
			fmt.Fprintf(&b, " %s", d)
		}
		if n.Ref != "" {
			fmt.Fprintf(&b, " Besides the fields below it has those of `%s`.", n.Ref)
		}
		fmt.Fprintln(&b)
		if props := ownProps(n); len(props.Properties) > 0 {
			fmt.Fprintln(&b)
			fieldTable(&b, "", props)
		}
		fmt.Fprintln(&b)
		return nil
	}
	fmt.Fprintf(&b, "## Register kinds\n\n")
	for _, k := range append([]string{"register"}, regs...) {
		if err := write(k, "input.registers[]"); err != nil {
			return "", err
		}
	}
	fmt.Fprintf(&b, "## Document kinds\n\n")
	for _, k := range append([]string{"document"}, model.DocumentKinds...) {
		where := "input.documents[]"
		if err := write(k, where); err != nil {
			return "", err
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n", nil
}

// ownProps drops the kind constant, which the heading already says.
func ownProps(n *schemaNode) *schemaNode {
	c := *n
	c.Properties = map[string]*schemaNode{}
	for k, v := range n.Properties {
		if k == "kind" && v.Const != nil {
			continue
		}
		c.Properties[k] = v
	}
	return &c
}

// library lists the public rules and functions of policies/lib with the
// comment above each: the functions rule authors may call.
func library() (string, error) {
	files, err := fs.Glob(policies.FS, "lib/*.rego")
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	for _, f := range files {
		if strings.HasSuffix(f, "_test.rego") {
			continue
		}
		raw, err := fs.ReadFile(policies.FS, f)
		if err != nil {
			return "", err
		}
		m, err := ast.ParseModuleWithOpts(f, string(raw), ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
		if err != nil {
			return "", err
		}
		lines := strings.Split(string(raw), "\n")
		seen := map[string]bool{}
		fmt.Fprintf(&b, "### %s\n\n| Name | Description |\n| --- | --- |\n", path.Join("policies", f))
		for _, r := range m.Rules {
			name := r.Head.Ref().String()
			if strings.HasPrefix(name, "_") || seen[name] {
				continue
			}
			seen[name] = true
			sig := name
			if len(r.Head.Args) > 0 {
				args := make([]string, len(r.Head.Args))
				for i, a := range r.Head.Args {
					args[i] = a.String()
				}
				sig += "(" + strings.Join(args, ", ") + ")"
			}
			fmt.Fprintf(&b, "| `lib.%s` | %s |\n", sig, cell(commentAbove(lines, r.Location.Row)))
		}
		fmt.Fprintln(&b)
	}
	return strings.TrimRight(b.String(), "\n") + "\n", nil
}

// commentAbove joins the # lines directly above row (1-based), above
// the value's # METADATA block if it has one; a value declaring
// custom.scope: document says so, for pack authors choosing what a
// document-scoped rule may read.
func commentAbove(lines []string, row int) string {
	start, scoped := row-2, false
	for i := row - 2; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(t, "#") {
			break
		}
		if strings.HasPrefix(t, "# METADATA") {
			start = i - 1
			for _, l := range lines[i:row] {
				if strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "#")) == "scope: document" {
					scoped = true
				}
			}
			break
		}
	}
	text := commentLines(lines, start)
	if scoped {
		text += " A selection of files: document-scoped rules may iterate it (custom.scope: document)."
	}
	return strings.TrimSpace(text)
}

// commentLines joins the # lines ending at index last (0-based).
func commentLines(lines []string, last int) string {
	var out []string
	for i := last; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(t, "#") || strings.HasPrefix(t, "# METADATA") {
			break
		}
		out = append([]string{strings.TrimSpace(strings.TrimPrefix(t, "#"))}, out...)
	}
	return strings.Join(out, " ")
}
