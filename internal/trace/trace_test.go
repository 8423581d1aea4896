package trace

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/finding"
)

func open(id string) finding.Finding {
	rule, subject, _ := strings.Cut(id, ":")
	return finding.Finding{ID: id, Rule: rule, Subject: subject, Severity: finding.Minor, Message: "m", Status: finding.StatusOpen, CAPA: []string{}}
}

func capa(id, status string, findings ...string) *CAPA {
	return &CAPA{ID: id, Status: status, Closed: "2026-03-01", Findings: findings, Owner: "qa-manager",
		RootCause:     "Nobody owned the review calendar.",
		Actions:       []Action{{ID: "A1", Type: "corrective", Description: "Put the review dates into the team calendar.", Due: "2026-04-01"}},
		Effectiveness: &Effectiveness{Due: "2026-06-01", Result: "pending"}}
}

func TestApply(t *testing.T) {
	const f = "doc.review-overdue:SOP-1"
	waiver := &Waiver{ID: "W-1", Findings: []string{f}, Approved: "2026-03-01", Expires: "2026-05-31"}
	tests := []struct {
		name     string
		day      string
		recs     Records
		extra    []finding.Finding
		status   string
		capa     []string
		severity string
		msg      string
	}{
		{name: "nothing names it", day: "2026-02-01", status: "open", capa: []string{}},
		{name: "open CAPA on time", day: "2026-04-01", recs: Records{CAPAs: []*CAPA{capa("C-1", "open", f)}}, status: "tracked", capa: []string{"C-1"}},
		{name: "action due date passed", day: "2026-04-02", recs: Records{CAPAs: []*CAPA{capa("C-1", "open", f)}}, status: "overdue", capa: []string{"C-1"}},
		{name: "effectiveness due date passed", day: "2026-06-02", recs: Records{CAPAs: []*CAPA{func() *CAPA {
			c := capa("C-1", "open", f)
			c.Actions[0].Done = "2026-03-01"
			return c
		}()}}, status: "overdue", capa: []string{"C-1"}},
		{name: "closed CAPA, found again", day: "2026-04-02", recs: Records{CAPAs: []*CAPA{capa("C-1", "closed", f)}}, status: "recurring", capa: []string{"C-1"}, severity: "major", msg: "C-1 (closed 2026-03-01)"},
		{name: "follow-up CAPA open", day: "2026-03-02", recs: Records{CAPAs: []*CAPA{capa("C-2", "open", f), capa("C-1", "closed", f)}}, status: "tracked", capa: []string{"C-1", "C-2"}},
		{name: "cancelled CAPA does not count", day: "2026-03-02", recs: Records{CAPAs: []*CAPA{capa("C-1", "cancelled", f)}}, status: "open", capa: []string{}},
		{name: "waiver in effect", day: "2026-05-31", recs: Records{Waivers: []*Waiver{waiver}}, status: "waived", capa: []string{}, msg: "waived by W-1 until 2026-05-31"},
		{name: "waiver not yet approved", day: "2026-02-28", recs: Records{Waivers: []*Waiver{waiver}}, status: "open", capa: []string{}},
		{name: "waiver expired yesterday", day: "2026-06-01", recs: Records{Waivers: []*Waiver{waiver}}, status: "open", capa: []string{}},
		{name: "invalid waiver waives nothing", day: "2026-05-01", recs: Records{Waivers: []*Waiver{waiver}}, extra: []finding.Finding{open("waiver.invalid:W-1")}, status: "open", capa: []string{}},
		{name: "waiver beats a failed CAPA", day: "2026-05-01", recs: Records{CAPAs: []*CAPA{capa("C-1", "closed", f)}, Waivers: []*Waiver{waiver}}, status: "waived", capa: []string{"C-1"}},
		{name: "a draft does not track", day: "2026-03-02", recs: Records{CAPAs: []*CAPA{func() *CAPA {
			c := capa("C-1", "open", f)
			c.Owner, c.RootCause = "", ""
			c.Actions = []Action{{ID: "A1", Type: "correction", Description: PlaceholderActions[0], Due: "2026-04-01"}, {ID: "A2", Type: "corrective", Description: PlaceholderActions[1], Due: "2026-04-01"}}
			return c
		}()}}, status: "open", capa: []string{"C-1"}, msg: "C-1 names it but does not track it yet: it lacks a root cause or a containment action, an owner, an action of its own (not the draft's placeholder) with a due date"},
		{name: "containment without a root cause tracks", day: "2026-03-02", recs: Records{CAPAs: []*CAPA{func() *CAPA {
			c := capa("C-1", "open", f)
			c.RootCause = ""
			c.Actions = []Action{{ID: "A1", Type: "correction", Description: "Review SOP-1 now.", Due: "2026-04-01"}}
			return c
		}()}}, status: "tracked", capa: []string{"C-1"}},
		{name: "an action without a due date does not track", day: "2026-03-02", recs: Records{CAPAs: []*CAPA{func() *CAPA {
			c := capa("C-1", "open", f)
			c.Actions[0].Due = ""
			return c
		}()}}, status: "open", capa: []string{"C-1"}, msg: "it lacks an action of its own (not the draft's placeholder) with a due date"},
		{name: "a late CAPA is not hidden by a waiver", day: "2026-05-01", recs: Records{CAPAs: []*CAPA{capa("C-1", "open", f)}, Waivers: []*Waiver{waiver}}, status: "overdue", capa: []string{"C-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]finding.Finding{open(f)}, tt.extra...)
			got := Apply(in, &tt.recs, tt.day)[0]
			if got.Status != tt.status || !slices.Equal(got.CAPA, tt.capa) {
				t.Errorf("status %s, capa %v; want %s, %v", got.Status, got.CAPA, tt.status, tt.capa)
			}
			sev := tt.severity
			if sev == "" {
				sev = finding.Minor
			}
			if got.Severity != sev {
				t.Errorf("severity %s, want %s", got.Severity, sev)
			}
			if tt.msg != "" && !strings.Contains(got.Message, tt.msg) {
				t.Errorf("message %q does not say %q", got.Message, tt.msg)
			}
			if in[0].Status != finding.StatusOpen || in[0].Message != "m" {
				t.Errorf("Apply changed its input: %+v", in[0])
			}
		})
	}
}

// Digest names input.findings without building it: two lists of findings
// have the same digest exactly when Input gives the same value, whatever
// field differs (a field Input leaves out changes nothing), and where the
// bytes of one field end is never confused with where the next begins.
func TestDigestNamesTheInput(t *testing.T) {
	base := func() []finding.Finding {
		a := open("doc.review-overdue:SOP-1")
		a.File, a.Line = "procedures/SOP-1.md", 3
		b := open("capa.action-overdue:CAPA-2026-001/A1")
		b.CAPA = []string{"CAPA-2026-001"}
		return []finding.Finding{a, b}
	}
	variants := map[string]func([]finding.Finding) []finding.Finding{
		"id":        func(fs []finding.Finding) []finding.Finding { fs[0].ID += "x"; return fs },
		"rule":      func(fs []finding.Finding) []finding.Finding { fs[0].Rule += "x"; return fs },
		"subject":   func(fs []finding.Finding) []finding.Finding { fs[0].Subject += "x"; return fs },
		"severity":  func(fs []finding.Finding) []finding.Finding { fs[0].Severity = finding.Major; return fs },
		"status":    func(fs []finding.Finding) []finding.Finding { fs[0].Status = finding.StatusTracked; return fs },
		"file":      func(fs []finding.Finding) []finding.Finding { fs[0].File += "x"; return fs },
		"line":      func(fs []finding.Finding) []finding.Finding { fs[0].Line++; return fs },
		"message":   func(fs []finding.Finding) []finding.Finding { fs[0].Message += "x"; return fs },
		"capa":      func(fs []finding.Finding) []finding.Finding { fs[1].CAPA = append(fs[1].CAPA, "CAPA-2"); return fs },
		"no capa":   func(fs []finding.Finding) []finding.Finding { fs[1].CAPA = nil; return fs },
		"order":     func(fs []finding.Finding) []finding.Finding { fs[0], fs[1] = fs[1], fs[0]; return fs },
		"one fewer": func(fs []finding.Finding) []finding.Finding { return fs[:1] },
		"boundary": func(fs []finding.Finding) []finding.Finding {
			// The same bytes, split between two fields differently.
			fs[0].Rule, fs[0].Subject = fs[0].Rule+":"+fs[0].Subject, ""
			return fs
		},
		"clauses":  func(fs []finding.Finding) []finding.Finding { fs[0].Clauses = []string{"iso13485:4.2.4"}; return fs },
		"column":   func(fs []finding.Finding) []finding.Finding { fs[0].Column = 7; return fs },
		"logical":  func(fs []finding.Finding) []finding.Finding { fs[0].Logical = "aws_s3_bucket.x"; return fs },
		"capa nil": func(fs []finding.Finding) []finding.Finding { fs[0].CAPA = nil; return fs },
	}
	want := Digest(base())
	for name, vary := range variants {
		fs := vary(base())
		sameInput := reflect.DeepEqual(Input(fs), Input(base()))
		if same := Digest(fs) == want; same != sameInput {
			t.Errorf("%s: same digest %v, same input.findings %v", name, same, sameInput)
		}
	}
	if Digest(nil) != Digest([]finding.Finding{}) {
		t.Error("no findings: the digest depends on nil or empty")
	}
}
