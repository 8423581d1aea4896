package lint

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/policyinput"
	"github.com/qmslint/qmslint/internal/schema"
	"github.com/qmslint/qmslint/policies"
	"github.com/qmslint/qmslint/schemas"
)

// mapFS copies fsys, so that a test can change one file of an embedded
// tree.
func mapFS(t *testing.T, fsys fs.FS) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		out[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRegisterKindDeclaredOnce adds a register kind in the one declaration
// (policies/data/qmslint/registers/data.json) and a schema for its fields,
// and nothing else: the loader's model, the schema's kind enum, the policy
// input's index, the Rego library's items and the placement of findings
// must all know it. Two items sharing an id is the finding that needs
// every one of them: doc.id-duplicate counts ids in input.index (Go),
// places the second at /widgets/1/id from lib.items (Rego), and the
// register is valid only if its kind is in the enum.
func TestRegisterKindDeclaredOnce(t *testing.T) {
	raw, err := fs.ReadFile(policies.FS, model.RegistersFile)
	if err != nil {
		t.Fatal(err)
	}
	var decl map[string]any
	if err := json.Unmarshal(raw, &decl); err != nil {
		t.Fatal(err)
	}
	decl["kinds"].(map[string]any)["widget-log"] = map[string]any{"lists": []string{"widgets"}, "ids": []string{"widgets"}}
	raw, err = json.Marshal(decl)
	if err != nil {
		t.Fatal(err)
	}
	kinds, ids, err := model.ParseRegisters(raw)
	if err != nil {
		t.Fatal(err)
	}
	saved, savedIDs := model.RegisterKinds, model.IDLists
	model.RegisterKinds, model.IDLists = kinds, ids
	t.Cleanup(func() { model.RegisterKinds, model.IDLists = saved, savedIDs })

	pol := mapFS(t, policies.FS)
	pol[model.RegistersFile] = &fstest.MapFile{Data: raw}
	sch := mapFS(t, schemas.FS)
	sch["widget-log.schema.json"] = &fstest.MapFile{Data: []byte(`{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://qmslint.dev/schemas/widget-log.schema.json",
  "$ref": "register.schema.json",
  "required": ["widgets"],
  "properties": {"kind": {"const": "widget-log"}, "widgets": {"type": "array"}}
}`)}

	root := t.TempDir()
	reg := "id: WL-1\nkind: widget-log\ntitle: Widgets\nowner: qa\nwidgets:\n  - {id: W-1, name: a}\n  - {id: W-1, name: b}\n"
	if err := os.WriteFile(filepath.Join(root, "widgets.yaml"), []byte(reg), 0o644); err != nil {
		t.Fatal(err)
	}
	repo, err := load.Load(root, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := schema.New(sch)
	if err != nil {
		t.Fatal(err)
	}
	v.Validate(repo)
	eng, err := engine.New([]engine.Source{{Name: "policies", FS: pol, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	value, err := policyinput.Value(policyinput.Build(repo, policyinput.Options{Date: "2027-01-01", Standards: cfg.Standards}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	day := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	lists, err := eng.EvalRef(ctx, "data.qmslint.lib.item_lists", value, day, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := lists.([]any); !containsAny(l, "widgets") {
		t.Errorf("lib.item_lists = %v, lacks the declared widgets", lists)
	}
	q, err := eng.Prepare(ctx, func(r engine.Rule) bool { return r.Phase == "" }, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	results, err := q.Eval(ctx, value, day)
	if err != nil {
		t.Fatal(err)
	}
	var dup bool
	for _, f := range findings(repo, cfg, results) {
		switch {
		case f.Rule == "schema.invalid" || f.Rule == "parse.skipped":
			t.Errorf("the declared kind is not valid: %s:%d %s", f.File, f.Line, f.Message)
		case f.Rule == "doc.id-duplicate" && f.Subject == "W-1":
			dup = true
			if f.File != "widgets.yaml" || f.Line != 7 {
				t.Errorf("doc.id-duplicate at %s:%d, want widgets.yaml:7 (the second widget)", f.File, f.Line)
			}
		}
	}
	if !dup {
		t.Error("no doc.id-duplicate for the widgets sharing W-1: the declared id list did not reach the index or lib.items")
	}
}

func containsAny(l []any, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}
