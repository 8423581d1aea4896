package policyinput_test

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/policyinput"
)

// Equal headings and small objects of scalars are one object in the
// converted input; objects that differ in a key, a value or a value's type
// are not, and every document still reads as its JSON.
func TestEqualPartsAreShared(t *testing.T) {
	doc := func(file string, review map[string]any, hs ...model.Heading) *model.Document {
		return &model.Document{File: file, Line: 1, Body: []byte{}, Headings: hs,
			Meta: map[string]any{"id": file, "review": review}}
	}
	purpose := model.Heading{Level: 2, Text: "Purpose", Line: 9}
	repo := &model.Repository{Documents: []*model.Document{
		doc("a.md", map[string]any{"interval_months": int64(24), "last": "2026-04-11"}, purpose),
		doc("b.md", map[string]any{"interval_months": int64(24), "last": "2026-04-11"}, purpose),
		doc("c.md", map[string]any{"interval_months": "24", "last": "2026-04-11"}, model.Heading{Level: 2, Text: "Purpose", Line: 10}),
		doc("d.md", map[string]any{"interval_months": int64(24), "next": "2026-04-11"}, model.Heading{Level: 3, Text: "Purpose", Line: 9}),
		doc("e.md", map[string]any{"interval_months": int64(24), "last": nil}, model.Heading{Level: 2, Text: "Purpose9", Line: 0}),
	}}
	in := policyinput.Build(repo, policyinput.Options{})
	got, err := policyinput.Value(in)
	if err != nil {
		t.Fatal(err)
	}
	want := jsonValue(t, in)
	if got.Compare(want) != 0 {
		t.Fatalf("Value differs from the input's JSON:\n%v\n%v", got, want)
	}
	docs := policyinput.Field(got, "documents").(*ast.Array)
	part := func(i int, key string) ast.Value {
		v := docs.Elem(i).Value.(ast.Object).Get(ast.StringTerm(key)).Value
		if a, ok := v.(*ast.Array); ok {
			return a.Elem(0).Value
		}
		return v
	}
	for _, key := range []string{"review", "headings"} {
		if part(0, key) != part(1, key) {
			t.Errorf("%s: equal objects of a.md and b.md are two", key)
		}
		for i := 2; i < docs.Len(); i++ {
			if part(0, key) == part(i, key) {
				t.Errorf("%s: document %d shares a.md's object, which differs from its own", key, i)
			}
		}
	}
}
