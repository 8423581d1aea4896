package finding

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strconv"
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

// Sort is the stable sort by its keys: findings equal in every key keep
// their order, whatever else differs.
func TestSortIsStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(vals ...string) string { return vals[rng.IntN(len(vals))] }
	for round := range 200 {
		fs := make([]Finding, rng.IntN(60))
		for i := range fs {
			fs[i] = Finding{
				File: pick("", "a.md", "b.md", "c/d.yaml"), Line: rng.IntN(3), Column: rng.IntN(2),
				Rule: pick("doc.x", "doc.y"), ID: pick("doc.x:A", "doc.y:B"), Message: pick("m", "n"),
				// Not a key: tells apart findings the keys do not.
				Severity: strconv.Itoa(i),
			}
		}
		want := slices.Clone(fs)
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			if a.File != b.File {
				return a.File < b.File
			}
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			if a.Column != b.Column {
				return a.Column < b.Column
			}
			if a.Rule != b.Rule {
				return a.Rule < b.Rule
			}
			if a.ID != b.ID {
				return a.ID < b.ID
			}
			return a.Message < b.Message
		})
		Sort(fs)
		if !reflect.DeepEqual(fs, want) {
			t.Fatalf("round %d: got %v, want %v", round, fs, want)
		}
	}
}
