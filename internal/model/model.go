// Package model holds the repository as the loader sees it: files, documents
// with their front matter and outline, registers, and every problem found
// while reading them, each with an exact position.
//
// The model knows nothing of schemas, rules or output; later stages read it
// and never go back to the files.
package model

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/qmslint/qmslint/internal/yamlpos"
	"github.com/qmslint/qmslint/policies"
)

// Formats of files the loader reads.
const (
	Markdown = "markdown"
	YAML     = "yaml"
	// JSON is a Terraform state or plan .qmslint.yaml names.
	JSON = "json"
)

// DocumentKinds are the kinds a controlled document (Markdown front matter,
// or a YAML file) may declare.
var DocumentKinds = []string{"policy", "procedure", "work-instruction", "plan", "manual", "form", "record", "capa", "waiver"}

// RegisterKinds are the YAML register kinds, each with the top-level lists
// that hold its items. Items in those lists get file, line and pointer so
// rules can report on them precisely. IDLists are the lists, of any kind,
// whose items' ids are ids of the repository. Both are read from the one
// declaration of register kinds, policies/data/qmslint/registers/data.json,
// which Rego reads as data.qmslint.registers: adding a kind there reaches
// the loader, the policy input, the rule library and the schemas.
var RegisterKinds, IDLists = registerKinds()

// RegistersFile is the declaration in the embedded policy tree.
const RegistersFile = "data/qmslint/registers/data.json"

// Registers is the declaration as written.
type Registers struct {
	Kinds map[string]struct {
		Lists []string `json:"lists"`
		IDs   []string `json:"ids"`
		// Built marks a kind qmslint builds from other files (a
		// Terraform state), which nobody writes as YAML.
		Built bool `json:"built"`
		// Logical is the item field that names an item where it comes
		// from (a Terraform resource's address): findings on the item
		// carry it as their logical location.
		Logical string `json:"logical"`
	} `json:"kinds"`
}

// BuiltKinds are the register kinds qmslint builds itself: validated like
// the others, never offered as a kind to write. LogicalFields are, by
// kind, the item field naming an item where it comes from.
var BuiltKinds, LogicalFields = builtKinds()

func builtKinds() (map[string]bool, map[string]string) {
	raw, _ := fs.ReadFile(policies.FS, RegistersFile)
	var decl Registers
	_ = json.Unmarshal(raw, &decl) // registerKinds has checked it
	built, logical := map[string]bool{}, map[string]string{}
	for k, d := range decl.Kinds {
		if d.Built {
			built[k] = true
		}
		if d.Logical != "" {
			logical[k] = d.Logical
		}
	}
	return built, logical
}

func registerKinds() (map[string][]string, []string) {
	raw, err := fs.ReadFile(policies.FS, RegistersFile)
	if err == nil {
		var kinds map[string][]string
		var ids []string
		if kinds, ids, err = ParseRegisters(raw); err == nil {
			return kinds, ids
		}
	}
	// The declaration is embedded: a broken one is qmslint's bug, caught
	// by every test.
	panic("policies/" + RegistersFile + ": " + err.Error())
}

// ParseRegisters reads a declaration of register kinds: the lists of each
// kind, and the id lists of all kinds, sorted.
func ParseRegisters(raw []byte) (map[string][]string, []string, error) {
	var decl Registers
	if err := json.Unmarshal(raw, &decl); err != nil {
		return nil, nil, err
	}
	kinds := map[string][]string{}
	var ids []string
	for k, d := range decl.Kinds {
		kinds[k] = d.Lists
		for _, l := range d.IDs {
			if !slices.Contains(d.Lists, l) {
				return nil, nil, fmt.Errorf("kinds.%s: id list %q is not among its lists", k, l)
			}
			if !slices.Contains(ids, l) {
				ids = append(ids, l)
			}
		}
	}
	sort.Strings(ids)
	return kinds, ids, nil
}

// File is one file the walk found, read or not.
type File struct {
	Path   string `json:"file"`   // slash-separated, relative to the root
	Format string `json:"format"` // Markdown or YAML
	// Controlled is true for Markdown with front matter and YAML with kind.
	Controlled bool `json:"controlled"`
	// Kind is the declared kind, "" when none.
	Kind string `json:"kind,omitempty"`
	// Failed is true when the file could not be read or parsed; a
	// problem says why.
	Failed bool `json:"failed,omitempty"`
	// ID is, for a file that failed to parse, the id it was still known
	// by (its raw id: line, else its name): one broken document must not
	// turn every reference to it into a finding of its own.
	ID string `json:"id,omitempty"`
	// Clauses are, for a file that failed to parse, the clauses its raw
	// clauses: field claims: coverage does not call them uncovered while
	// the document that addresses them cannot be read.
	Clauses []string `json:"clauses,omitempty"`
	// SHA256 is the hex digest of the bytes read, so a report can name
	// exactly which inputs it judged; "" when the file was not read.
	SHA256 string `json:"-"`
	// Claims are the clauses the Markdown body says it addresses. They
	// belong to the file, not the document, so a file without front
	// matter keeps its claims.
	Claims []Claim `json:"claims,omitempty"`
}

// Claim is a clause of a standard named in a document's body: a row of a
// "ISO 13485:2016 Section" table, "Clause 4.2.4", "(7.3.2)" or "§7.3".
type Claim struct {
	Standard string `json:"standard"` // clause id prefix: ISO13485, ISO27001
	Edition  string `json:"edition"`  // the year as written, "" when none
	// Adoption is "EN" for a regional adoption (EN ISO 13485:2012).
	Adoption string `json:"adoption,omitempty"`
	// Clause is "7.3.2" or "A.8.13"; "" when the text only names the
	// standard and its edition.
	Clause string `json:"clause"`
	Line   int    `json:"line"`
	// Source is how it was written: table, reference, clause,
	// section-sign, parenthesis, list or mention.
	Source string `json:"source"`
	Text   string `json:"text"`
	// NotApplicable is set when the text declares the clause not
	// applicable or excluded.
	NotApplicable bool `json:"not_applicable,omitempty"`
	// Form is the kind of text the claim stands in: FormTable (a row of a
	// table), FormList (a list of references: an item that starts with
	// the standard's name, or a list of clauses a paragraph naming the
	// standard introduces) or FormText (prose, headings). A document
	// states what it addresses in the first two; prose only mentions.
	Form string `json:"form"`
}

// The forms of text a claim stands in (Claim.Form).
const (
	FormTable = "table"
	FormList  = "list"
	FormText  = "text"
)

// Heading is one Markdown heading of a document body.
type Heading struct {
	Level int    `json:"level"`
	Text  string `json:"text"`
	Line  int    `json:"line"`
}

// Link is one Markdown link of a document body.
type Link struct {
	Target string `json:"target"`
	Line   int    `json:"line"`
	// Local links point at a file in (or beside) the repository.
	Local bool `json:"local"`
	// Path is the local target relative to the root, slash-separated,
	// without fragment ("" for non-local links).
	Path   string `json:"path,omitempty"`
	Exists bool   `json:"exists"`
}

// Document is a controlled document: front matter plus, for Markdown, the
// body's outline.
type Document struct {
	File string
	// Line is where the front matter (or the YAML) begins.
	Line     int
	Meta     map[string]any
	Pos      yamlpos.Positions
	Headings []Heading
	Links    []Link
	// Body is the Markdown text after the front matter for a manual (the
	// report's cover quotes it), empty for other Markdown documents (their
	// text is dropped once parsed), nil for a YAML document.
	Body      []byte
	BodyStart int // line of the first body line
}

// Register is a YAML register (risk register, inventory, ...).
type Register struct {
	File string
	Data map[string]any
	Pos  yamlpos.Positions
}

// Problem is something wrong found before rules run (a file that does not
// parse, a schema violation, a file skipped). Rule is the id of the rule
// that reports it, so problems get severities and clauses like any finding.
type Problem struct {
	Rule    string `json:"rule"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Subject string `json:"subject"`
	Msg     string `json:"msg"`
}

// Rules for problems found outside Rego; their metadata lives in policies/.
const (
	RuleParseError   = "parse.error"
	RuleParseSkipped = "parse.skipped"
	RuleSchema       = "schema.invalid"
)

// Repository is everything the loader read under one root.
type Repository struct {
	Root      string // absolute path
	Files     []File
	Documents []*Document
	Registers []*Register
	Problems  []Problem
	// Read are the files read for a register's sake rather than as
	// documents or registers (the backup tools' output a backup-evidence
	// register names), by path and digest: the run's findings depend on
	// them as on Files.
	Read []File
}

// Kind returns the declared kind of a document or register, "" when unset.
func Kind(meta map[string]any) string {
	s, _ := meta["kind"].(string)
	return s
}

// ID returns the string id of an item, "" when unset or not a string.
func ID(meta map[string]any) string {
	s, _ := meta["id"].(string)
	return s
}

// Strings returns the strings of a list as YAML decoded it ([]any), leaving
// out anything else; nil and non-lists give an empty list.
func Strings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
