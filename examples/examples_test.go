// Package examples_test lints the example repositories under examples/
// through the CLI, as a user would, and pins the findings each one tells
// its story with.
package examples_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/cli"
)

type finding struct {
	ID       string `json:"id"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Message  string `json:"message"`
	Logical  string `json:"logical_location"`
}

// lint runs `qmslint lint --format json --date date dir` and returns the
// findings and exit code.
func lint(t *testing.T, dir, date string) ([]finding, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Run([]string{"lint", "--format", "json", "--date", date, dir}, cli.IO{
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Now:    func() time.Time { return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) },
	})
	if code != cli.ExitOK && code != cli.ExitFindings {
		t.Fatalf("qmslint lint %s: exit %d\n%s", dir, code, stderr.String())
	}
	var out struct {
		Date     string    `json:"date"`
		Findings []finding `json:"findings"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("qmslint lint %s: output is not JSON: %v\n%s", dir, err, stdout.String())
	}
	if out.Date != date {
		t.Errorf("report date %q, want %q", out.Date, date)
	}
	return out.Findings, code
}

func ids(fs []finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.ID
	}
	slices.Sort(out)
	return out
}

func describe(fs []finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + f.File + ":" + strconv.Itoa(f.Line) + " " + f.ID + " " + f.Message)
	}
	return b.String()
}

// incidentFindings are the findings of datacenter-fire/before: each gap
// the incident report later found, by finding id.
var incidentFindings = []string{
	"infra.backup-shares-building:bk-1/p-1",
	"infra.backup-shares-campus:bk-1/p-2",
	"infra.dr-scenario-missing:sxb-1",
	"infra.dr-scenario-missing:sxb-2",
	"infra.monitoring-colocated:p-1",
	"infra.monitoring-colocated:p-2",
	"infra.monitoring-unverified:mon-1",
}

// The day before the fire: the linter names everything the incident
// report later found, and nothing else.
func TestDatacenterFireBefore(t *testing.T) {
	fs, code := lint(t, "datacenter-fire/before", "2026-03-09")
	want := incidentFindings
	if got := ids(fs); !slices.Equal(got, want) {
		t.Errorf("findings on before/:\n got %q\nwant %q%s", got, want, describe(fs))
	}
	if code != cli.ExitFindings {
		t.Errorf("exit %d, want %d", code, cli.ExitFindings)
	}
	for _, f := range fs {
		if f.File == "" || f.Line == 0 {
			t.Errorf("%s is not placed at a line: %s:%d", f.ID, f.File, f.Line)
		}
		// The threshold comes from the organisation's own procedure.
		if f.Rule == "infra.monitoring-unverified" && !strings.Contains(f.Message, "within 7 days, as SOP-011 requires") {
			t.Errorf("%s does not name SOP-011 as the source of its threshold: %s", f.ID, f.Message)
		}
	}
}

// After the corrective actions: the same checks, nothing left to report.
func TestDatacenterFireAfter(t *testing.T) {
	fs, code := lint(t, "datacenter-fire/after", "2026-11-24")
	if len(fs) != 0 || code != cli.ExitOK {
		t.Errorf("after/ has %d finding(s), exit %d; want none:%s", len(fs), code, describe(fs))
	}
}

// The after/ repository passes because its records are current, not
// because the rules are blind to it: a month without restore tests and
// monitoring checks brings the findings back, and restic's output, left
// as it was captured on 24 November, no longer meets the plan's RPO.
func TestDatacenterFireAfterGoesStale(t *testing.T) {
	fs, _ := lint(t, "datacenter-fire/after", "2026-12-24")
	var infra []string
	for _, id := range ids(fs) {
		if strings.HasPrefix(id, "infra.") {
			infra = append(infra, id)
		}
	}
	want := []string{
		"infra.backup-snapshot-stale:bk-2",
		"infra.monitoring-unverified:mon-2",
		"infra.restore-test-stale:bk-2",
		"infra.restore-test-stale:bk-3",
		"infra.restore-test-stale:bk-4",
	}
	if !slices.Equal(infra, want) {
		t.Errorf("infra findings on after/ a month later:\n got %q\nwant %q", infra, want)
	}
}

type tracedFinding struct {
	ID     string   `json:"id"`
	Status string   `json:"status"`
	CAPA   []string `json:"capa"`
}

// The CAPA the fire opened (kept as it was on the day it was opened, in
// testdata/) takes over the before/ findings: tracked while its actions are
// on time, overdue once their due dates pass. after/ holds the same CAPA
// closed as effective.
func TestDatacenterFireCAPATracksBeforeFindings(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("datacenter-fire/before")); err != nil {
		t.Fatal(err)
	}
	capa, err := os.ReadFile("datacenter-fire/testdata/CAPA-2026-001-as-opened.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "capa"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "capa", "CAPA-2026-001.md"), capa, 0o644); err != nil {
		t.Fatal(err)
	}
	statuses := func(date string) (map[string]tracedFinding, int) {
		var stdout, stderr bytes.Buffer
		code := cli.Run([]string{"lint", "--format", "json", "--date", date, dir}, cli.IO{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
		var out struct{ Findings []tracedFinding }
		if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
			t.Fatalf("lint %s: %v\n%s%s", date, err, stdout.String(), stderr.String())
		}
		m := map[string]tracedFinding{}
		for _, f := range out.Findings {
			m[f.ID] = f
		}
		return m, code
	}
	incident := incidentFindings

	opened, code := statuses("2026-03-11")
	for _, id := range incident {
		f, ok := opened[id]
		if !ok || f.Status != "tracked" || !slices.Equal(f.CAPA, []string{"CAPA-2026-001"}) {
			t.Errorf("2026-03-11: %s = %+v, want tracked by CAPA-2026-001", id, f)
		}
	}
	if len(opened) != len(incident) || code != cli.ExitOK {
		t.Errorf("2026-03-11: %d findings, exit %d; want only the %d tracked ones, exit 0: %v", len(opened), code, len(incident), opened)
	}

	late, code := statuses("2026-05-01")
	for _, id := range incident {
		if f := late[id]; f.Status != "overdue" {
			t.Errorf("2026-05-01: %s is %q, want overdue", id, f.Status)
		}
	}
	if _, ok := late["capa.action-overdue:CAPA-2026-001/A1"]; !ok {
		t.Errorf("2026-05-01: no capa.action-overdue for A1 (due 2026-03-17): %v", late)
	}
	if code != cli.ExitFindings {
		t.Errorf("2026-05-01: exit %d, want %d", code, cli.ExitFindings)
	}
}
