package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/run"
)

// Document is one row of the document register: a controlled document or
// a register, with its control data and when it is next to be reviewed.
type Document struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Kind       string     `json:"kind"`
	Revision   string     `json:"revision"`
	Status     string     `json:"status"`
	Owner      string     `json:"owner"`
	Approvals  []Approval `json:"approvals"`
	Effective  string     `json:"effective"`
	NextReview string     `json:"next_review"`
	// ReviewOverdue is set for an approved document whose next review
	// date has passed.
	ReviewOverdue bool   `json:"review_overdue"`
	File          string `json:"file"`
	Line          int    `json:"line"`
}

// Approval is one signature on a document.
type Approval struct {
	By   string `json:"by"`
	Role string `json:"role,omitempty"`
	Date string `json:"date"`
	// Evidence are the commits that back the approval in Git, for
	// companies that treat commits as signatures (approval.commit-evidence).
	Evidence []string `json:"evidence,omitempty"`
}

// ruleReviewOverdue supplies the default review interval, so the register
// and the rule agree on when a review is due.
const ruleReviewOverdue = "doc.review-overdue"

var controlledKinds = map[string]bool{"policy": true, "procedure": true, "work-instruction": true, "plan": true, "manual": true, "form": true, "record": true}

func documents(res *run.Outcome) []Document {
	months := defaultInterval(res)
	out := []Document{}
	for _, d := range res.Repo.Documents {
		if controlledKinds[model.Kind(d.Meta)] {
			out = append(out, document(d.Meta, d.File, d.Line, months, res.Date))
		}
	}
	for _, r := range res.Repo.Registers {
		// A register qmslint builds (from a Terraform state) is no
		// controlled document: nobody approves or reviews it.
		if !model.BuiltKinds[model.Kind(r.Data)] {
			out = append(out, document(r.Data, r.File, 1, months, res.Date))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return out[i].File < out[j].File
	})
	return out
}

func defaultInterval(res *run.Outcome) int {
	if res.Config != nil {
		if n, ok := number(res.Config.Params[ruleReviewOverdue]["default_interval_months"]); ok && n > 0 {
			return int(n)
		}
	}
	for _, r := range res.Rules {
		if r.ID == ruleReviewOverdue {
			if n, ok := number(r.Params["default_interval_months"]); ok && n > 0 {
				return int(n)
			}
		}
	}
	return 12
}

func document(m map[string]any, file string, line, months int, day string) Document {
	d := Document{
		ID: str(m, "id"), Title: str(m, "title"), Kind: str(m, "kind"), Status: str(m, "status"),
		Owner: str(m, "owner"), Effective: str(m, "effective"), File: file, Line: line, Approvals: []Approval{},
	}
	if v, ok := m["revision"]; ok && v != nil {
		d.Revision = fmt.Sprint(v)
	}
	last := ""
	list, _ := m["approvals"].([]any)
	for _, it := range list {
		a, _ := it.(map[string]any)
		ap := Approval{By: str(a, "by"), Role: str(a, "role"), Date: str(a, "date")}
		d.Approvals = append(d.Approvals, ap)
		if isDate(ap.Date) && ap.Date > last {
			last = ap.Date
		}
	}
	review, _ := m["review"].(map[string]any)
	if s := str(review, "last"); isDate(s) {
		last = s
	}
	if n, ok := number(review["interval_months"]); ok && n > 0 {
		months = int(n)
	}
	if last != "" {
		t, _ := time.Parse(dateLayout, last)
		d.NextReview = t.AddDate(0, months, 0).Format(dateLayout)
		d.ReviewOverdue = d.Status == "approved" && d.NextReview < day
	}
	return d
}

const dateLayout = "2006-01-02"

func isDate(s string) bool {
	_, err := time.Parse(dateLayout, s)
	return err == nil
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return strings.TrimSpace(s)
}

// number reads a YAML number of any Go type the decoder produces.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}
