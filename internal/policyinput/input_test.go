package policyinput_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/policyinput"
	"github.com/qmslint/qmslint/policies"
)

// Value builds some lists straight into OPA values and converts the rest
// on several goroutines; what it returns must be exactly what OPA makes
// of the input's JSON, which is what docs/policy-model.md describes.
func TestValueIsTheInputAsJSON(t *testing.T) {
	for _, root := range []string{"../../qms", "../../examples/datacenter-fire/before"} {
		repo, err := load.Load(root, load.Options{})
		if err != nil {
			t.Fatal(err)
		}
		in := policyinput.Build(repo, policyinput.Options{Date: "2026-11-24", Standards: []string{"iso13485:2016"}})
		got, err := policyinput.Value(in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Compare(jsonValue(t, in)) != 0 {
			t.Errorf("%s: Value differs from the input's JSON", root)
		}
		docs, _ := got.(ast.Object).Get(ast.StringTerm("documents")).Value.(*ast.Array)
		if docs == nil || docs.Len() != len(repo.Documents) {
			t.Errorf("%s: %v documents in the value, want %d", root, docs, len(repo.Documents))
		}
	}
}

// linked_files names each local file once, at its first link, and leaves
// out links that leave the repository.
func TestLinkedFiles(t *testing.T) {
	repo := &model.Repository{Documents: []*model.Document{{
		File: "a.md", Line: 1, Meta: map[string]any{"id": "SOP-1"}, Body: []byte{},
		Links: []model.Link{
			{Target: "b.md#scope", Path: "b.md", Local: true, Exists: true, Line: 5},
			{Target: "https://example.org", Line: 6},
			{Target: "gone.md", Path: "gone.md", Local: true, Line: 7},
			{Target: "b.md", Path: "b.md", Local: true, Exists: true, Line: 9},
		},
	}}}
	b, err := json.Marshal(policyinput.Build(repo, policyinput.Options{})["documents"])
	if err != nil {
		t.Fatal(err)
	}
	var docs []struct {
		LinkedFiles []map[string]any `json:"linked_files"`
		Links       []map[string]any `json:"links"`
	}
	if err := json.Unmarshal(b, &docs); err != nil {
		t.Fatal(err)
	}
	want := `[{"exists":true,"line":5,"path":"b.md","target":"b.md#scope"},{"exists":false,"line":7,"path":"gone.md","target":"gone.md"}]`
	if got, _ := json.Marshal(docs[0].LinkedFiles); string(got) != want {
		t.Errorf("linked_files = %s, want %s", got, want)
	}
	if len(docs[0].Links) != 4 {
		t.Errorf("links = %v, want all four", docs[0].Links)
	}
}

// input.index is a shortcut: the library reads the same ids and documents
// of each kind from it as it computes from the documents without it (as in
// Rego unit tests, whose inputs have no index).
func TestIndexAgreesWithTheDocuments(t *testing.T) {
	eng, err := engine.New([]engine.Source{{Name: "policies", FS: policies.FS, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{"../../qms", "../../examples/datacenter-fire/before", "../cli/testdata/lint/repo"} {
		repo, err := load.Load(root, load.Options{})
		if err != nil {
			t.Fatal(err)
		}
		with := policyinput.Build(repo, policyinput.Options{Date: "2026-11-24"})
		without := maps.Clone(with)
		delete(without, "index")
		for _, ref := range []string{"data.qmslint.lib.id_counts", "data.qmslint.lib.documents_of_kind", "data.qmslint.lib.files_with_claims", "data.qmslint.lib.document_by_id"} {
			var got [2]any
			for i, in := range []map[string]any{with, without} {
				v, err := policyinput.Value(in)
				if err != nil {
					t.Fatal(err)
				}
				if got[i], err = eng.EvalRef(t.Context(), ref, v, time.Now(), 0); err != nil {
					t.Fatal(err)
				}
			}
			if !reflect.DeepEqual(got[0], got[1]) || got[0] == nil {
				t.Errorf("%s: %s from input.index differs from the documents':\n%v\n%v", root, ref, got[0], got[1])
			}
		}
	}
}

// jsonValue is the input as OPA reads it from its JSON: what Value must
// equal.
func jsonValue(t *testing.T, in map[string]any) ast.Value {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var plain any
	if err := util.NewJSONDecoder(bytes.NewReader(b)).Decode(&plain); err != nil {
		t.Fatal(err)
	}
	want, err := ast.InterfaceToValue(plain)
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// A document's outline and format are the loader's, whatever its front
// matter says under the same names; a register's fields of those names
// are its own; a file that failed keeps its id and clauses. The JSON and
// the converted value agree.
func TestOutlineWinsOverFrontMatter(t *testing.T) {
	repo := &model.Repository{
		Files: []model.File{{Path: "a.md", Format: model.Markdown, Controlled: true, Kind: "procedure",
			Claims: []model.Claim{{Standard: "ISO13485", Clause: "4.2.4", Line: 3, Source: "clause", Text: "Clause 4.2.4", Form: model.FormText}}},
			{Path: "bad.md", Format: model.Markdown, Failed: true, ID: "SOP-9", Clauses: []string{"ISO13485:4.2.4", "ISO13485:7.5.1"}}},
		Documents: []*model.Document{{
			File: "a.md", Line: 1, Body: []byte{},
			Meta:     map[string]any{"id": "SOP-1", "format": "pdf", "headings": []any{"x"}, "links": "none"},
			Headings: []model.Heading{{Level: 1, Text: "Scope", Line: 5}},
		}},
		Registers: []*model.Register{{File: "r.yaml", Data: map[string]any{"id": "R-1", "format": "csv", "headings": []any{"y"}}}},
	}
	in := policyinput.Build(repo, policyinput.Options{Date: "2026-11-24"})
	v, err := policyinput.Value(in)
	if err != nil {
		t.Fatal(err)
	}
	if v.Compare(jsonValue(t, in)) != 0 {
		t.Errorf("Value differs from the input's JSON")
	}
	for ref, want := range map[string]string{
		"documents[0].format":           `"markdown"`,
		"documents[0].headings":         `[{"level": 1, "line": 5, "text": "Scope"}]`,
		"documents[0].links":            `[]`,
		"registers[0].format":           `"csv"`,
		"registers[0].headings":         `["y"]`,
		"files[0].claims[0].clause":     `"4.2.4"`,
		"files[0].controlled":           `true`,
		"documents[0].linked_files":     `[]`,
		"registers[0].pointer":          `""`,
		"files[1].id":                   `"SOP-9"`,
		"files[1].clauses":              `["ISO13485:4.2.4", "ISO13485:7.5.1"]`,
		"files[1].failed":               `true`,
		"documents[0].headings[0].text": `"Scope"`,
	} {
		term, err := v.Find(ast.MustParseRef("input." + ref)[1:])
		if err != nil {
			t.Errorf("input.%s: %v", ref, err)
			continue
		}
		if term.Compare(ast.MustParseTerm(want).Value) != 0 {
			t.Errorf("input.%s = %v, want %s", ref, term, want)
		}
	}
}
