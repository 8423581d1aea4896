package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/run"
)

// Risks is the overview of every risk register.
type Risks struct {
	Registers []RiskRegister `json:"registers"`
	// AboveAcceptance are the risks whose score after treatment (the
	// residual when given, else the initial score) exceeds their
	// register's acceptance threshold, highest first.
	AboveAcceptance []Risk `json:"above_acceptance"`
}

// RiskRegister is one register with its heat maps.
type RiskRegister struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	File  string `json:"file"`
	// Acceptance is the highest acceptable score; 0 when not set.
	Acceptance float64 `json:"acceptance"`
	Risks      int     `json:"risks"`
	// Unscored counts risks without a likelihood and severity in 1..5.
	Unscored int `json:"unscored"`
	// Before and After count risks by [likelihood-1][severity-1], before
	// treatment and after it (residual, else unchanged).
	Before Heat `json:"before"`
	After  Heat `json:"after"`
}

// Heat counts risks by likelihood (first index) and severity, 1..5.
type Heat [5][5]int

// Risk is one risk of a register.
type Risk struct {
	ID          string `json:"id"`
	Register    string `json:"register"`
	Description string `json:"description"`
	Likelihood  int    `json:"likelihood"`
	Severity    int    `json:"severity"`
	Score       int    `json:"score"`
	// After is the score after treatment; Residual says whether the
	// register gives a residual rating or the initial one stands.
	After      int     `json:"after"`
	Residual   bool    `json:"residual"`
	Acceptance float64 `json:"acceptance"`
	Treatment  string  `json:"treatment"`
	// Accepted says the risk above the threshold was accepted on record:
	// treatment accept with a justification, or a residual accepted by
	// someone with a justification, as the risk rules require.
	Accepted bool     `json:"accepted"`
	Owner    string   `json:"owner"`
	CAPAs    []string `json:"capas"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
}

func risks(res *run.Outcome, caps []CAPA) Risks {
	history := map[string][]string{}
	for _, c := range caps {
		for _, r := range c.Risks {
			history[r] = append(history[r], c.ID)
		}
	}
	out := Risks{Registers: []RiskRegister{}, AboveAcceptance: []Risk{}}
	for _, reg := range res.Repo.Registers {
		if model.Kind(reg.Data) != "risk-register" {
			continue
		}
		rr := RiskRegister{ID: str(reg.Data, "id"), Title: str(reg.Data, "title"), File: reg.File}
		rr.Acceptance, _ = number(reg.Data["acceptance"])
		items, _ := reg.Data["risks"].([]any)
		for i, it := range items {
			m, _ := it.(map[string]any)
			if m == nil {
				continue
			}
			rr.Risks++
			l, lok := level(m["likelihood"])
			s, sok := level(m["severity"])
			if !lok || !sok {
				rr.Unscored++
				continue
			}
			k := Risk{
				ID: str(m, "id"), Register: rr.ID, Description: str(m, "description"),
				Likelihood: l, Severity: s, Score: l * s, After: l * s, Acceptance: rr.Acceptance,
				Treatment: str(m, "treatment"), Owner: str(m, "owner"), CAPAs: nonNil(history[str(m, "id")]),
				File: reg.File,
			}
			p, _ := reg.Pos.Lookup(fmt.Sprintf("/risks/%d", i))
			k.Line = p.Line
			rr.Before[l-1][s-1]++
			al, as := l, s
			if res, ok := m["residual"].(map[string]any); ok {
				rl, rlok := level(res["likelihood"])
				rs, rsok := level(res["severity"])
				if rlok && rsok {
					al, as, k.Residual = rl, rs, true
				}
			}
			k.After = al * as
			k.Accepted = accepted(m)
			rr.After[al-1][as-1]++
			if rr.Acceptance > 0 && float64(k.After) > rr.Acceptance {
				out.AboveAcceptance = append(out.AboveAcceptance, k)
			}
		}
		out.Registers = append(out.Registers, rr)
	}
	sort.SliceStable(out.Registers, func(i, j int) bool { return out.Registers[i].ID < out.Registers[j].ID })
	sort.SliceStable(out.AboveAcceptance, func(i, j int) bool {
		a, b := out.AboveAcceptance[i], out.AboveAcceptance[j]
		if a.After != b.After {
			return a.After > b.After
		}
		return a.ID < b.ID
	})
	return out
}

// accepted mirrors risk.unacceptable-untreated and
// risk.residual-unaccepted: a risk they leave alone is no key risk.
func accepted(m map[string]any) bool {
	if str(m, "treatment") == "accept" {
		return strings.TrimSpace(str(m, "justification")) != ""
	}
	res, _ := m["residual"].(map[string]any)
	return res != nil && strings.TrimSpace(str(res, "accepted_by")) != "" && strings.TrimSpace(str(res, "justification")) != ""
}

// level reads a rating of 1 to 5.
func level(v any) (int, bool) {
	n, ok := number(v)
	if !ok || n < 1 || n > 5 || n != float64(int(n)) {
		return 0, false
	}
	return int(n), true
}
