// Package finding defines what qmslint reports: one rule violated by one
// subject, at one place, with the severity and clauses of the rule.
package finding

import (
	"cmp"
	"slices"
	"strings"
)

// Severities, most severe first.
const (
	Major       = "major"
	Minor       = "minor"
	Observation = "observation"
)

// Trace statuses of a finding against CAPAs and waivers.
const (
	StatusOpen      = "open"
	StatusTracked   = "tracked"
	StatusOverdue   = "overdue"
	StatusRecurring = "recurring"
	StatusWaived    = "waived"
)

// Finding is one reported problem. Its ID is stable across runs: it names
// the rule and the subject, never a line number, because CAPA records and
// waivers cite it.
type Finding struct {
	ID       string   `json:"id"`
	Rule     string   `json:"rule"`
	Severity string   `json:"severity"`
	Clauses  []string `json:"clauses"`
	Subject  string   `json:"subject"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
	// Column is 1-based and counts bytes, as gcc and golangci-lint do;
	// 0 with line 0 (the whole file). Column16 is the same column in
	// UTF-16 code units, for SARIF; 0 where it equals Column.
	Column   int    `json:"column"`
	Column16 int    `json:"-"`
	Message  string `json:"message"`
	// Logical names the item where it comes from, when its file is
	// generated (a Terraform resource address in the JSON of terraform
	// show): the place a user fixes, as SARIF's logical location.
	Logical string   `json:"logical_location,omitempty"`
	Status  string   `json:"status"`
	CAPA    []string `json:"capa"`
}

// Rank orders severities; higher is more severe. Unknown words rank 0.
func Rank(severity string) int {
	switch severity {
	case Major:
		return 3
	case Minor:
		return 2
	case Observation:
		return 1
	}
	return 0
}

// AtOrAbove reports whether severity meets the threshold; "never" is
// met by nothing.
func AtOrAbove(severity, threshold string) bool {
	t := Rank(threshold)
	return t > 0 && Rank(severity) >= t
}

// Sort orders findings by file, line, rule, then id and message, so output
// is byte-identical whatever order rules produced them in. Findings about
// the repository as a whole (no file) come first. Findings equal in all
// of those keep their order.
func Sort(fs []Finding) {
	sorted := true
	for i := 1; i < len(fs) && sorted; i++ {
		sorted = compare(&fs[i-1], &fs[i]) <= 0
	}
	if sorted {
		return
	}
	// Their positions are sorted, ties broken by position, then each
	// finding moved once: a stable sort of the findings themselves moves
	// each of a large run's twenty thousand, with its write barriers,
	// a dozen times over.
	order := make([]int, len(fs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return cmp.Or(compare(&fs[i], &fs[j]), cmp.Compare(i, j)) })
	// fs[k] takes fs[order[k]], cycle by cycle.
	for k := range order {
		if order[k] < 0 {
			continue
		}
		held, j := fs[k], k
		for {
			next := order[j]
			order[j] = -1
			if next == k {
				fs[j] = held
				break
			}
			fs[j] = fs[next]
			j = next
		}
	}
}

// compare orders two findings by Sort's keys, comparing no more of them
// than it needs.
func compare(a, b *Finding) int {
	switch {
	case a.File != b.File:
		return strings.Compare(a.File, b.File)
	case a.Line != b.Line:
		return cmp.Compare(a.Line, b.Line)
	case a.Column != b.Column:
		return cmp.Compare(a.Column, b.Column)
	case a.Rule != b.Rule:
		return strings.Compare(a.Rule, b.Rule)
	case a.ID != b.ID:
		return strings.Compare(a.ID, b.ID)
	}
	return strings.Compare(a.Message, b.Message)
}

// UTF16Column is the column in UTF-16 code units.
func (f Finding) UTF16Column() int {
	if f.Column16 != 0 {
		return f.Column16
	}
	return f.Column
}

// Summary counts findings per severity.
type Summary struct {
	Major       int `json:"major"`
	Minor       int `json:"minor"`
	Observation int `json:"observation"`
}

// Summarize counts fs by severity.
func Summarize(fs []Finding) Summary {
	var s Summary
	for _, f := range fs {
		switch f.Severity {
		case Major:
			s.Major++
		case Minor:
			s.Minor++
		case Observation:
			s.Observation++
		}
	}
	return s
}
