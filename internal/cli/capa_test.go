package cli

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/finding"
)

// capaRules are the rules the CAPA tests keep: one rule that produces the
// finding to trace, plus every rule about CAPAs, waivers and parsing.
var capaRules = only(
	"doc.review-overdue", "parse.error", "parse.skipped", "schema.invalid",
	"capa.root-cause-missing", "capa.actions-missing", "capa.action-overdue", "capa.effectiveness-missing",
	"capa.effectiveness-overdue", "capa.reference-unknown", "capa.closed-with-open-actions",
	"waiver.invalid", "waiver.orphaned", "risk.reassess-after-capa",
)

// capaFixture copies testdata/capa/<name> into a fresh Git root.
func capaFixture(t *testing.T, name string) string {
	t.Helper()
	root := t.TempDir()
	src := filepath.Join("testdata", "capa", name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(root, rel), 0o755)
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(root, rel), raw, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeConfig(t, root, capaRules, "")
	return root
}

// lintAt lints root as of date and returns the findings by id.
func lintAt(t *testing.T, root, date string, flags ...string) (map[string]finding.Finding, int) {
	t.Helper()
	o := run(t, append([]string{"lint", "--format", "json", "--date", date, root}, flags...)...)
	var out struct{ Findings []finding.Finding }
	if err := json.Unmarshal([]byte(o.stdout), &out); err != nil {
		t.Fatalf("lint --date %s: %v\nstdout: %s\nstderr: %s", date, err, o.stdout, o.stderr)
	}
	byID := map[string]finding.Finding{}
	for _, f := range out.Findings {
		byID[f.ID] = f
	}
	return byID, o.code
}

func ids(fs map[string]finding.Finding) []string {
	out := make([]string, 0, len(fs))
	for id := range fs {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

func edit(t *testing.T, file string, pairs ...string) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%s has no %q", file, pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCAPALifecycle takes one finding from discovery to a fix that holds:
// open, tracked by a drafted CAPA, overdue, recurring after a premature
// closure, and gone once the fix lands.
func TestCAPALifecycle(t *testing.T) {
	t.Parallel()
	root := capaFixture(t, "lifecycle")
	const id = "doc.review-overdue:SOP-010"
	want := func(t *testing.T, fs map[string]finding.Finding, status, severity string, capa ...string) finding.Finding {
		t.Helper()
		f, ok := fs[id]
		if !ok {
			t.Fatalf("%s not reported; findings: %v", id, ids(fs))
		}
		if capa == nil {
			capa = []string{}
		}
		if f.Status != status || f.Severity != severity || !slices.Equal(f.CAPA, capa) {
			t.Fatalf("%s: status %s, severity %s, capa %v; want %s, %s, %v", id, f.Status, f.Severity, f.CAPA, status, severity, capa)
		}
		return f
	}

	// 1. The review date passes: the finding appears, handled by nothing.
	fs, code := lintAt(t, root, "2026-03-01")
	want(t, fs, "open", "minor")
	if len(fs) != 1 || code != ExitFindings {
		t.Fatalf("step 1: findings %v, exit %d; want only %s, exit 1", ids(fs), code, id)
	}

	// 2. capa new drafts a CAPA: the draft itself passes the schema and the
	// rules for open CAPAs, but names the finding without tracking it.
	o := run(t, "capa", "new", root, "--date", "2026-03-01", "--finding", id)
	if o.code != ExitOK || !strings.Contains(o.stdout, "CAPA-2026-001") {
		t.Fatalf("capa new: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	drafts, _ := filepath.Glob(filepath.Join(root, "capa", "CAPA-2026-001*.md"))
	if len(drafts) != 1 {
		t.Fatalf("capa new wrote %v; want one capa/CAPA-2026-001*.md", drafts)
	}
	capaFile := drafts[0]
	fs, code = lintAt(t, root, "2026-03-01")
	if f := want(t, fs, "open", "minor", "CAPA-2026-001"); !strings.Contains(f.Message, "CAPA-2026-001 names it but does not track it yet: it lacks a root cause or a containment action, an owner, an action of its own") {
		t.Errorf("step 2: the message does not say what the draft lacks: %s", f.Message)
	}
	if len(fs) != 1 || code != ExitFindings {
		t.Fatalf("step 2: findings %v, exit %d; want the open finding, exit 1", ids(fs), code)
	}

	// 2b. The draft is completed: an owner, a root cause, a real action.
	edit(t, capaFile,
		"source: finding", "source: finding\nowner: qa-manager",
		`root_cause: ""`, `root_cause: "Reviews were tracked in a spreadsheet nobody owned."`,
		"Remove the root cause so the findings do not recur (replace with the planned action and name an owner).", "Put every review date into the QMS calendar with an owner.",
	)
	fs, code = lintAt(t, root, "2026-03-01")
	want(t, fs, "tracked", "minor", "CAPA-2026-001")
	if len(fs) != 1 || code != ExitOK {
		t.Fatalf("step 2: findings %v, exit %d; want only the tracked finding, exit 0", ids(fs), code)
	}
	if _, code := lintAt(t, root, "2026-03-01", "--strict"); code != ExitFindings {
		t.Errorf("step 2: --strict exit %d; want 1 (tracked findings fail under --strict)", code)
	}

	// 3. The actions' due date (30 days after opening) passes.
	fs, code = lintAt(t, root, "2026-04-01")
	want(t, fs, "overdue", "minor", "CAPA-2026-001")
	for _, late := range []string{"capa.action-overdue:CAPA-2026-001/A1", "capa.action-overdue:CAPA-2026-001/A2"} {
		if f, ok := fs[late]; !ok || f.Status != "open" {
			t.Errorf("step 3: %s missing or not open: %+v", late, f)
		}
	}
	if code != ExitFindings {
		t.Fatalf("step 3: exit %d; want 1", code)
	}

	// 4. The CAPA is closed as effective, naming the risk, but the
	// procedure was never reviewed: the finding recurs, as major, and the
	// risk is flagged for reassessment.
	edit(t, capaFile,
		"status: open", "status: closed\nclosed: 2026-04-02",
		"risks: []", "risks: [RISK-007]",
		"    due: 2026-03-31\n  - id: A2", "    due: 2026-03-31\n    done: 2026-04-01\n  - id: A2",
		"    due: 2026-03-31\neffectiveness:", "    due: 2026-03-31\n    done: 2026-04-01\neffectiveness:",
		"  result: pending", "  result: effective\n  date: 2026-04-02",
	)
	fs, code = lintAt(t, root, "2026-04-03")
	f := want(t, fs, "recurring", "major", "CAPA-2026-001")
	if !strings.Contains(f.Message, "CAPA-2026-001 (closed 2026-04-02)") {
		t.Errorf("step 4: the message does not say which CAPA failed: %s", f.Message)
	}
	if r, ok := fs["risk.reassess-after-capa:RISK-007"]; !ok || r.File != "risks/risk-register.yaml" || r.Line != 9 {
		t.Errorf("step 4: risk.reassess-after-capa:RISK-007 missing or misplaced: %+v (findings %v)", r, ids(fs))
	}
	if len(fs) != 2 || code != ExitFindings {
		t.Fatalf("step 4: findings %v, exit %d; want the recurring finding and the risk, exit 1", ids(fs), code)
	}

	// 5. The fix lands: the procedure is reviewed and the risk reassessed.
	edit(t, filepath.Join(root, "procedures", "SOP-010-backup.md"), "last: 2025-01-10", "last: 2026-04-05")
	edit(t, filepath.Join(root, "risks", "risk-register.yaml"), "review: 2025-01-10", "review: 2026-04-05")
	fs, code = lintAt(t, root, "2026-04-10")
	if len(fs) != 0 || code != ExitOK {
		t.Fatalf("step 5: findings %v, exit %d; want none, exit 0", ids(fs), code)
	}
	o = run(t, "capa", "list", root, "--date", "2026-04-10", "--format", "json")
	var list struct {
		CAPAs []struct {
			ID, State string
			Trace     []struct {
				ID      string
				Present bool
			}
		}
		RiskHistory map[string][]struct{ CAPA, State string } `json:"risk_history"`
	}
	if err := json.Unmarshal([]byte(o.stdout), &list); err != nil || o.code != ExitOK {
		t.Fatalf("capa list: exit %d, %v\n%s%s", o.code, err, o.stdout, o.stderr)
	}
	if len(list.CAPAs) != 1 || list.CAPAs[0].State != "effective" || len(list.CAPAs[0].Trace) != 1 || list.CAPAs[0].Trace[0].Present {
		t.Errorf("capa list after the fix: %+v; want CAPA-2026-001 effective, its finding gone", list.CAPAs)
	}
	if h := list.RiskHistory["RISK-007"]; len(h) != 1 || h[0].CAPA != "CAPA-2026-001" {
		t.Errorf("risk history of RISK-007: %+v; want CAPA-2026-001", h)
	}
}

func TestCAPANewNeverOverwrites(t *testing.T) {
	t.Parallel()
	root := capaFixture(t, "lifecycle")
	const id = "doc.review-overdue:SOP-010"
	squatter := filepath.Join(root, "capa", "CAPA-2026-001-periodic-review-overdue-sop-010.md")
	if err := os.MkdirAll(filepath.Dir(squatter), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(squatter, []byte("notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := run(t, "capa", "new", root, "--date", "2026-03-01", "--finding", id)
	if o.code != ExitUsage || !strings.Contains(o.stderr, "never overwrites") {
		t.Fatalf("exit %d, stderr %q; want 2 and a refusal", o.code, o.stderr)
	}
	if raw, _ := os.ReadFile(squatter); string(raw) != "notes\n" {
		t.Fatalf("existing file changed: %q", raw)
	}
}

func TestCAPANewRefusals(t *testing.T) {
	t.Parallel()
	root := capaFixture(t, "lifecycle")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no finding", nil, "at least one --finding"},
		{"unknown finding", []string{"--finding", "doc.review-overdue:SOP-999"}, "is not reported as of 2026-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := run(t, append([]string{"capa", "new", root, "--date", "2026-03-01"}, tt.args...)...)
			if o.code != ExitUsage || !strings.Contains(o.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", o.code, o.stderr, tt.want)
			}
		})
	}
	// Named by an open CAPA already, if only a draft: a second CAPA needs
	// --force.
	if o := run(t, "capa", "new", root, "--date", "2026-03-01", "--finding", "doc.review-overdue:SOP-010"); o.code != ExitOK {
		t.Fatalf("first draft: exit %d %s", o.code, o.stderr)
	}
	o := run(t, "capa", "new", root, "--date", "2026-03-02", "--finding", "doc.review-overdue:SOP-010")
	if o.code != ExitUsage || !strings.Contains(o.stderr, "already named by open CAPA CAPA-2026-001") {
		t.Errorf("second draft: exit %d, stderr %q; want 2, already named", o.code, o.stderr)
	}
	o = run(t, "capa", "new", root, "--date", "2026-03-02", "--force", "--title", "Second look", "--finding", "doc.review-overdue:SOP-010")
	if o.code != ExitOK || !strings.Contains(o.stdout, "CAPA-2026-002") {
		t.Errorf("--force: exit %d, %s%s; want CAPA-2026-002", o.code, o.stdout, o.stderr)
	}
}

// TestWaiverLifecycle: a valid waiver waives until the day it expires; the
// day after, the finding is open again; an incomplete waiver waives
// nothing; a waiver whose finding is gone is orphaned.
func TestWaiverLifecycle(t *testing.T) {
	t.Parallel()
	root := capaFixture(t, "lifecycle")
	const id = "doc.review-overdue:SOP-010"
	waiver := filepath.Join(root, "waivers", "WVR-001.yaml")
	if err := os.MkdirAll(filepath.Dir(waiver), 0o755); err != nil {
		t.Fatal(err)
	}
	err := os.WriteFile(waiver, []byte(`id: WVR-001
kind: waiver
findings: ["`+id+`"]
justification: The procedure is replaced by SOP-011 at the end of the quarter; reviewing it now would be wasted work.
approved_by: Jonas Brandt (QA/RA Manager)
approved: 2026-02-20
expires: 2026-03-31
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		date, status string
		code         int
		flags        []string
	}{
		{"2026-03-31", "waived", ExitOK, nil},
		{"2026-03-31", "waived", ExitFindings, []string{"--strict"}},
		{"2026-04-01", "open", ExitFindings, nil},
	}
	for _, s := range steps {
		fs, code := lintAt(t, root, s.date, s.flags...)
		if f := fs[id]; f.Status != s.status || code != s.code || len(fs) != 1 {
			t.Errorf("%s %v: status %s, exit %d, findings %v; want %s, exit %d", s.date, s.flags, f.Status, code, ids(fs), s.status, s.code)
		}
	}
	edit(t, waiver, "approved_by: Jonas Brandt (QA/RA Manager)\n", "")
	fs, _ := lintAt(t, root, "2026-03-15")
	if fs[id].Status != "open" || fs["waiver.invalid:WVR-001"].ID == "" {
		t.Errorf("incomplete waiver: %s is %s, findings %v; want open and waiver.invalid:WVR-001", id, fs[id].Status, ids(fs))
	}
	edit(t, waiver, "approved: ", "approved_by: Jonas Brandt\napproved: ")
	edit(t, filepath.Join(root, "procedures", "SOP-010-backup.md"), "last: 2025-01-10", "last: 2026-03-10")
	fs, code := lintAt(t, root, "2026-03-15")
	// An orphaned waiver is an observation: reported, below --fail-on minor.
	if !slices.Equal(ids(fs), []string{"waiver.orphaned:WVR-001"}) || code != ExitOK {
		t.Errorf("after the fix: findings %v, exit %d; want only waiver.orphaned:WVR-001, exit 0", ids(fs), code)
	}
}

var capaIDLine = regexp.MustCompile(`(?m)^CAPA-\S+`)

func TestCAPAShowAndList(t *testing.T) {
	t.Parallel()
	root := capaFixture(t, "lifecycle")
	if o := run(t, "capa", "new", root, "--date", "2026-03-01", "--finding", "doc.review-overdue:SOP-010"); o.code != ExitOK {
		t.Fatal(o.stderr)
	}
	o := run(t, "capa", "show", "CAPA-2026-001", root, "--date", "2026-04-01")
	if o.code != ExitFindings || !strings.Contains(o.stdout, "CAPA-2026-001  overdue") || !strings.Contains(o.stdout, "problem:  minor capa.action-overdue") {
		t.Errorf("capa show when overdue: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	o = run(t, "capa", "show", "CAPA-2099-001", root)
	if o.code != ExitUsage || !strings.Contains(o.stderr, "CAPAs: CAPA-2026-001") {
		t.Errorf("unknown id: exit %d %q", o.code, o.stderr)
	}
	o = run(t, "capa", "list", root, "--date", "2026-03-02", "--status", "closed")
	if o.code != ExitOK || capaIDLine.MatchString(o.stdout) || !strings.Contains(o.stdout, "0 CAPA(s)") {
		t.Errorf("--status closed lists an open CAPA: exit %d\n%s", o.code, o.stdout)
	}
	// The draft names the finding without tracking it: still open, so the
	// exit code says findings remain.
	o = run(t, "capa", "list", root, "--date", "2026-03-02", "--format", "markdown")
	if o.code != ExitFindings || !strings.Contains(o.stdout, "| CAPA-2026-001 | Periodic review overdue: SOP-010 | open | on-track | 2026-03-01 | 1 | 2026-03-31 | 1 of 1 |") {
		t.Errorf("markdown: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if o := run(t, "capa", "list", root, "--status", "late"); o.code != ExitUsage {
		t.Errorf("--status late: exit %d; want 2", o.code)
	}
}
