package report

import (
	"slices"
	"testing"
)

// The key risks box names the risks above the threshold that the risk
// rules report, not those accepted on record.
func TestKeyRisksLeaveAcceptedRisksOut(t *testing.T) {
	rk := Risks{AboveAcceptance: []Risk{
		{ID: "R-1", After: 10, Acceptance: 8, Treatment: "mitigate", Residual: true},
		{ID: "R-2", After: 12, Acceptance: 8, Treatment: "accept", Accepted: true},
	}}
	ks := keyRisks(nil, nil, rk)
	if len(ks) != 1 || ks[0].Kind != "risk" || !slices.Equal(ks[0].Subjects, []string{"R-1"}) {
		t.Fatalf("key risks %+v, want one risk line naming R-1", ks)
	}
	ks = keyRisks(nil, nil, Risks{AboveAcceptance: rk.AboveAcceptance[1:]})
	if len(ks) != 0 {
		t.Errorf("key risks %+v, want none when every risk above the threshold is accepted", ks)
	}
}

func TestAcceptedMirrorsTheRiskRules(t *testing.T) {
	for _, c := range []struct {
		m    map[string]any
		want bool
	}{
		{map[string]any{"treatment": "accept", "justification": "Cheaper than the fix."}, true},
		{map[string]any{"treatment": "accept", "justification": " "}, false},
		{map[string]any{"treatment": "mitigate", "residual": map[string]any{"accepted_by": "CEO", "justification": "Q1 fix."}}, true},
		{map[string]any{"treatment": "mitigate", "residual": map[string]any{"accepted_by": "CEO"}}, false},
		{map[string]any{"treatment": "mitigate"}, false},
	} {
		if got := accepted(c.m); got != c.want {
			t.Errorf("accepted(%v) = %v, want %v", c.m, got, c.want)
		}
	}
}
