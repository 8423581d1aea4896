package policyinput_test

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/policyinput"
)

// The two sides of a comparison share the converted item of a file they
// hold at the same content, parse configuration and resolving links; a
// file at other content, a link that resolves on one side only, or
// another configuration is converted again.
func TestMemoSharesUnchangedFiles(t *testing.T) {
	side := func(sum string, exists bool) *model.Repository {
		d := &model.Document{File: "SOP-1.md", Line: 1, Body: []byte{},
			Meta:  map[string]any{"id": "SOP-1", "title": "Control of documents " + sum},
			Links: []model.Link{{Target: "flow.png", Line: 9, Local: true, Path: "flow.png", Exists: exists}}}
		return &model.Repository{Files: []model.File{{Path: "SOP-1.md", SHA256: sum}}, Documents: []*model.Document{d}}
	}
	first := func(repo *model.Repository, memo string) *ast.Term {
		t.Helper()
		in := policyinput.Build(repo, policyinput.Options{Memo: memo})
		v, err := policyinput.Value(in)
		if err != nil {
			t.Fatal(err)
		}
		if v.Compare(jsonValue(t, in)) != 0 {
			t.Fatalf("Value differs from the input's JSON:\n%v", v)
		}
		return policyinput.Field(v, "documents").(*ast.Array).Elem(0)
	}
	base := first(side("a1", true), "ctx")
	cases := []struct {
		name  string
		repo  *model.Repository
		memo  string
		share bool
	}{
		{"same file", side("a1", true), "ctx", true},
		{"other content", side("b2", true), "ctx", false},
		{"link no longer resolves", side("a1", false), "ctx", false},
		{"other configuration", side("a1", true), "ctx2", false},
		{"no memo", side("a1", true), "", false},
	}
	for _, c := range cases {
		if got := first(c.repo, c.memo); (got == base) != c.share {
			t.Errorf("%s: shared %v, want %v", c.name, got == base, c.share)
		}
	}
}

// Warm converts ahead of need: every element of the list is then in the
// memo, a Part of the key takes them from it, and the value is the one a
// conversion without Warm gives.
func TestWarmFillsTheMemo(t *testing.T) {
	in := qmsInput(t)
	docs := in["documents"].([]any)
	if policyinput.Memoized(docs[0]) {
		t.Fatal("the memo holds a document before Warm")
	}
	policyinput.Warm(in, "documents", nil)
	policyinput.Warm(in, "no such key", nil) // nothing to do, no panic
	for i, d := range docs {
		if !policyinput.Memoized(d) {
			t.Fatalf("document %d not in the memo after Warm", i)
		}
	}
	warm, err := policyinput.Part(in, "documents")
	if err != nil {
		t.Fatal(err)
	}
	policyinput.ResetMemo()
	cold, err := policyinput.Part(in, "documents")
	if err != nil {
		t.Fatal(err)
	}
	if warm.Compare(cold) != 0 {
		t.Error("the documents converted after Warm differ from a conversion without it")
	}
	if warm.Compare(jsonValue(t, map[string]any{"documents": docs}).(ast.Object).Get(ast.StringTerm("documents")).Value) != 0 {
		t.Error("the warmed documents differ from their JSON")
	}
}

// Cut keeps of each document and register the fields named and the
// annotation, and nothing else; a cut item and a whole one of the same
// file are not confused in the memo, either way round; Warm with the
// fields fills the memo with the cut items.
func TestCutKeepsTheNamedFields(t *testing.T) {
	in := qmsInput(t)
	fields := []string{"approvals", "clauses", "headings", "id", "status"}
	for _, key := range []string{"documents", "registers"} {
		whole := jsonValue(t, map[string]any{key: in[key]}).(ast.Object).Get(ast.StringTerm(key)).Value.(*ast.Array)
		want := make([]*ast.Term, whole.Len())
		for i := range want {
			obj := whole.Elem(i).Value.(ast.Object)
			cut, err := obj.Filter(ast.NewObject(
				[2]*ast.Term{ast.StringTerm("approvals"), ast.NullTerm()}, [2]*ast.Term{ast.StringTerm("clauses"), ast.NullTerm()},
				[2]*ast.Term{ast.StringTerm("headings"), ast.NullTerm()}, [2]*ast.Term{ast.StringTerm("id"), ast.NullTerm()},
				[2]*ast.Term{ast.StringTerm("status"), ast.NullTerm()}, [2]*ast.Term{ast.StringTerm("file"), ast.NullTerm()},
				[2]*ast.Term{ast.StringTerm("line"), ast.NullTerm()}, [2]*ast.Term{ast.StringTerm("pointer"), ast.NullTerm()}))
			if err != nil {
				t.Fatal(err)
			}
			want[i] = ast.NewTerm(cut)
		}
		wantV := ast.NewArray(want...)
		for _, order := range []string{"whole first", "cut first", "warmed"} {
			policyinput.ResetMemo()
			var got ast.Value
			var err error
			switch order {
			case "whole first":
				if _, err := policyinput.Part(in, key); err != nil {
					t.Fatal(err)
				}
				got, err = policyinput.Cut(in, key, fields)
			case "cut first":
				if got, err = policyinput.Cut(in, key, fields); err != nil {
					t.Fatal(err)
				}
				var again ast.Value
				if again, err = policyinput.Part(in, key); err == nil && again.Compare(whole) != 0 {
					t.Errorf("%s: a whole conversion after a cut one differs from the whole", key)
				}
			case "warmed":
				policyinput.Warm(in, key, fields)
				for i, x := range in[key].([]any) {
					if policyinput.Memoized(x) {
						t.Fatalf("%s: Warm with fields put whole item %d in the memo", key, i)
					}
				}
				got, err = policyinput.Cut(in, key, fields)
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Compare(wantV) != 0 {
				t.Errorf("%s, %s: Cut gave\n%v\nwant\n%v", key, order, got, wantV)
			}
		}
	}
}

// qmsInput is the input of the reference QMS, built with a memo that is
// empty now and again when the test ends.
func qmsInput(t *testing.T) map[string]any {
	t.Helper()
	repo, err := load.Load("../../qms", load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := policyinput.Build(repo, policyinput.Options{Date: "2026-11-24", Memo: t.Name()})
	policyinput.ResetMemo()
	t.Cleanup(policyinput.ResetMemo)
	return in
}
