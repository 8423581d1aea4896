package coverage

import (
	"errors"
	"testing"
)

func TestTally(t *testing.T) {
	var tl Tally
	for _, c := range []Clause{
		{Leaf: true, Status: Covered},
		{Leaf: true, Status: Excluded},
		{Leaf: true, Status: NotApplicable},
		{Leaf: true, Status: Uncovered, Claimed: true},
		{Leaf: true, Status: Uncovered},
	} {
		tl.add(c)
	}
	if tl.Addressed() != 3 || tl.Claimed != 4 || tl.Uncovered != 2 {
		t.Errorf("tally %+v", tl)
	}
	if p := tl.Percent(); p != 60 {
		t.Errorf("percent %v, want 60", p)
	}
	if p := (Tally{}).Percent(); p != 100 {
		t.Errorf("an empty standard is complete, got %v", p)
	}
}

func TestDecodeOrdersAsTheStandard(t *testing.T) {
	raw := map[string]any{"date": "2026-11-24", "standards": map[string]any{"ISO27001": map[string]any{
		"id": "ISO27001:2022", "name": "ISO/IEC 27001:2022", "groups": map[string]any{"10": "Improvement", "A.5": "Organizational controls"},
		"clauses": map[string]any{
			"ISO27001:A.5.10": map[string]any{"leaf": true, "status": "covered", "group": "ISO27001:A.5"},
			"ISO27001:10.2":   map[string]any{"leaf": true, "status": "uncovered", "group": "ISO27001:10"},
			"ISO27001:A.5.9":  map[string]any{"leaf": true, "status": "uncovered", "group": "ISO27001:A.5"},
		},
	}}}
	rep, err := decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Standards[0]
	var got []string
	for _, c := range s.Clauses {
		got = append(got, c.ID)
	}
	if got[0] != "ISO27001:10.2" || got[1] != "ISO27001:A.5.9" || got[2] != "ISO27001:A.5.10" {
		t.Errorf("order %v", got)
	}
	if len(s.Groups) != 2 || s.Groups[1].Title != "Organizational controls" || s.Groups[1].Tally.Covered != 1 {
		t.Errorf("groups %+v", s.Groups)
	}
	if _, err := BuildSoA(&Report{}); !errors.Is(err, ErrNoSoA) {
		t.Errorf("SoA without ISO 27001: %v", err)
	}
}
