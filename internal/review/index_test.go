package review

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/model"
)

// A side's index gives each id the position of its first item, documents
// before registers, as lib.by_id keeps the first of a repeated id; items
// without a string id are left out.
func TestItemIndex(t *testing.T) {
	doc := func(id any) *model.Document { return &model.Document{Meta: map[string]any{"id": id}} }
	reg := func(id any) *model.Register { return &model.Register{Data: map[string]any{"id": id}} }
	repo := &model.Repository{
		Documents: []*model.Document{doc("SOP-1"), doc(7), doc("WI-1"), doc("SOP-1"), {Meta: map[string]any{}}},
		Registers: []*model.Register{reg("RR-1"), reg("WI-1"), reg("RR-2"), reg("RR-1")},
	}
	got := itemIndex(repo)
	want := ast.MustParseTerm(`{"document_of_id": {"SOP-1": 0, "WI-1": 2}, "register_of_id": {"RR-1": 0, "RR-2": 2}}`)
	if ast.Compare(got, want.Value) != 0 {
		t.Errorf("itemIndex = %v, want %v", got, want)
	}
}
