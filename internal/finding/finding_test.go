package finding

import (
	"reflect"
	"testing"
)

func TestSortIsTotal(t *testing.T) {
	fs := []Finding{
		{ID: "b:2", File: "b.md", Line: 1, Rule: "b"},
		{ID: "a:1", File: "", Line: 0, Rule: "z"},
		{ID: "a:3", File: "b.md", Line: 1, Rule: "a", Message: "y"},
		{ID: "a:3", File: "b.md", Line: 1, Rule: "a", Message: "x"},
		{ID: "c:1", File: "a.md", Line: 10, Rule: "c"},
		{ID: "c:0", File: "a.md", Line: 9, Rule: "c"},
	}
	want := []string{"a:1", "c:0", "c:1", "a:3x", "a:3y", "b:2"}
	for range 3 {
		Sort(fs)
		var got []string
		for _, f := range fs {
			got = append(got, f.ID+f.Message)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("order %v, want %v", got, want)
		}
		fs[0], fs[5] = fs[5], fs[0]
	}
}

func TestAtOrAbove(t *testing.T) {
	for _, tt := range []struct {
		sev, threshold string
		want           bool
	}{
		{Major, Minor, true}, {Minor, Minor, true}, {Observation, Minor, false},
		{Observation, Observation, true}, {Major, "never", false}, {"bogus", Observation, false},
	} {
		if got := AtOrAbove(tt.sev, tt.threshold); got != tt.want {
			t.Errorf("AtOrAbove(%s, %s) = %v", tt.sev, tt.threshold, got)
		}
	}
}

func TestSummarize(t *testing.T) {
	s := Summarize([]Finding{{Severity: Major}, {Severity: Minor}, {Severity: Minor}, {Severity: "bogus"}})
	if s != (Summary{Major: 1, Minor: 2}) {
		t.Errorf("summary %+v", s)
	}
}
