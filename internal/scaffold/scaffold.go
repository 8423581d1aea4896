// Package scaffold writes a new rule and its tests, following the
// conventions of the built-in rules, for `qmslint policy new`. What it
// generates passes `qmslint policy test` and `qmslint policy check` as
// written, so an author starts from green and changes one thing at a time.
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/qmslint/qmslint/internal/catalog"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"github.com/qmslint/qmslint/internal/safepath"
)

// Options describe the rule to scaffold.
type Options struct {
	ID       string   // area.name, such as acme.sop-deputy
	Title    string   // default: from the name
	Severity string   // major, minor or observation
	Clauses  []string // clause ids; default: catalog.Example()
	HelpURL  string   // the rule's documentation; default: a placeholder
}

var (
	idPattern  = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*(\.[a-z][a-z0-9]*(-[a-z0-9]+)*)+$`)
	severities = []string{"major", "minor", "observation"}
)

// File is one generated file, its path relative to the target directory.
type File struct {
	Path string
	Data []byte
}

// Generate returns the rule file and its test file.
func Generate(o Options) ([]File, error) {
	if !idPattern.MatchString(o.ID) {
		return nil, fmt.Errorf("rule id %q: use lower-case words joined by '-', with at least one '.' between area and name (acme.sop-deputy)", o.ID)
	}
	if o.Severity == "" {
		o.Severity = "minor"
	}
	if !slices.Contains(severities, o.Severity) {
		return nil, fmt.Errorf("--severity: expected major, minor or observation, got %q", o.Severity)
	}
	if len(o.Clauses) == 0 {
		o.Clauses = []string{catalog.Example()}
	}
	for _, c := range o.Clauses {
		if !catalog.ValidID(c) {
			return nil, fmt.Errorf("--clauses: %q is not a clause id such as %s", c, catalog.Examples())
		}
	}
	segs := strings.Split(o.ID, ".")
	area := segs[0]
	name := strings.ReplaceAll(strings.Join(segs[1:], "_"), "-", "_")
	if o.Title == "" {
		t := strings.ReplaceAll(strings.Join(segs[1:], " "), "-", " ")
		o.Title = strings.ToUpper(t[:1]) + t[1:]
	}
	if o.HelpURL == "" {
		o.HelpURL = "https://example.com/qms/rules/" + o.ID
	}
	v := map[string]any{
		"O":       o,
		"Package": "rules." + strings.ReplaceAll(area, "-", "_") + "." + name,
		"Clauses": strings.Join(o.Clauses, ", "),
	}
	rule, err := render(ruleTmpl, v)
	if err != nil {
		return nil, err
	}
	test, err := render(testTmpl, v)
	if err != nil {
		return nil, err
	}
	base := area + "/" + name
	return []File{{base + ".rego", rule}, {base + "_test.rego", test}}, nil
}

// Write generates the rule into dir. It never overwrites a file unless
// force is set: a scaffold over a finished rule would destroy work.
func Write(dir string, o Options, force bool) ([]string, error) {
	files, err := Generate(o)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		// A link, even a dangling one, sends the write wherever it
		// points: only --force writes through one, and never out of dir.
		if _, err := safepath.Within(dir, p); err != nil {
			return nil, fmt.Errorf("%s resolves outside %s (%v); qmslint writes a rule only inside the pack directory", p, dir, err)
		}
		if l := safepath.LinkedParent(dir, p); l != "" && !force {
			return nil, fmt.Errorf("%s is a symbolic link; pass --force to write through it", l)
		}
		if _, err := os.Lstat(p); err == nil && !force {
			return nil, fmt.Errorf("%s already exists; pass --force to overwrite it", p)
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		paths = append(paths, p)
	}
	for i, f := range files {
		if err := os.MkdirAll(filepath.Dir(paths[i]), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(paths[i], f.Data, 0o644); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

func render(t *template.Template, v any) ([]byte, error) {
	var b bytes.Buffer
	err := t.Execute(&b, v)
	return b.Bytes(), err
}

var ruleTmpl = template.Must(template.New("rule").Parse(`# METADATA
# title: {{.O.Title}}
# description: |
#   TODO: say why this rule matters, in a sentence a QA manager would quote
#   to an auditor. As generated, it asks every approved procedure to name
#   a deputy owner, so that a procedure is never left without someone
#   accountable for it.
# related_resources:
#   - ref: {{.O.HelpURL}}
#     description: how the organisation applies this rule
# custom:
#   id: {{.O.ID}}
#   severity: {{.O.Severity}}
#   clauses: [{{.Clauses}}]
#   params:
#     field: deputy_owner
package {{.Package}}

import data.qmslint.lib

rule_id := "{{.O.ID}}"

# The front matter field to require; a repository may name it otherwise
# in .qmslint.yaml (rules: {{"{"}}{{.O.ID}}: {field: backup_owner}}).
field := lib.param(rule_id, "field", "deputy_owner")

# One finding per approved procedure that lacks the field. lib.at points
# the finding at the field (at the front matter when it is absent) and
# subject makes the finding id {{.O.ID}}:<document id>, stable across edits.
deny contains f if {
	some d in lib.documents
	d.kind == "procedure"
	lib.in_force(d)
	object.get(d, field, "") == ""
	f := object.union(lib.at(d, field), {
		"msg": sprintf("%s names no %s in its front matter; add the person who stands in for the owner (%s: Jane Doe)", [lib.name(d), field, field]),
		"subject": d.id,
	})
}
`))

var testTmpl = template.Must(template.New("test").Parse(`package {{.Package}}_test

import data.{{.Package}} as rule

# A procedure as lint hands it to the rule: front matter fields plus the
# file, line and pointer every item carries.
procedure(extra) := object.union({
	"id": "SOP-001", "kind": "procedure", "title": "Document control",
	"status": "approved", "file": "procedures/SOP-001.md", "line": 1, "pointer": "",
}, extra)

test_procedure_with_deputy_passes if {
	count(rule.deny) == 0 with input as {"date": "2026-01-12", "config": {"rules": {}}, "documents": [procedure({"deputy_owner": "Jane Doe"})]}
}

test_procedure_without_deputy_fails if {
	fs := rule.deny with input as {"date": "2026-01-12", "config": {"rules": {}}, "documents": [procedure({})]}
	count(fs) == 1
	some f in fs
	f.subject == "SOP-001"
	f.pointer == "/deputy_owner"
	contains(f.msg, "SOP-001 (Document control)")
}
`))
