package load

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/model"
)

const evidenceRegister = `id: EVD-1
kind: backup-evidence
title: Backup evidence
sources:
  - {target: bk-1, tool: restic, path: ../evidence/bk-1.json}
  - {target: bk-2, tool: restic, path: ../../outside.json}
  - {target: bk-3, tool: borg, path: ../evidence/missing.json}
  - {target: bk-4, tool: borg, path: ../evidence/bk-1.json}
  - {target: bk-5, tool: restic, path: /etc/passwd}
  - {target: bk-6, tool: restic, path: ../evidence/link.json}
  - {target: bk-7, tool: restic, path: ../evidence/empty.json, snapshots: [{id: forged, short_id: forged, time: "2030-01-01T00:00:00Z"}]}
`

// Each source is read on its own: the good one gets its snapshots, each
// bad one a parse.error at its path naming the file, and none stops the
// others or reads outside the root.
func TestEvidenceSources(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "qms")
	write(t, top, "outside.json", []byte(`[]`))
	write(t, root, "registers/evidence.yaml", []byte(evidenceRegister))
	write(t, root, "evidence/bk-1.json", []byte(`[{"time":"2026-11-23T01:00:00.5+01:00","id":"abcdef0123456789","short_id":"abcdef01"},{"time":"2026-11-22T01:00:00Z","id":"0123456789abcdef"}]`))
	write(t, root, "evidence/empty.json", []byte(`[]`))
	if err := os.Symlink(filepath.Join(top, "outside.json"), filepath.Join(root, "evidence/link.json")); err != nil {
		t.Fatal(err)
	}
	repo, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var reg *model.Register
	for _, r := range repo.Registers {
		reg = r
	}
	sources := reg.Data["sources"].([]any)
	got := sources[0].(map[string]any)["snapshots"]
	want := []any{
		map[string]any{"id": "0123456789abcdef", "short_id": "01234567", "time": "2026-11-22T01:00:00Z"},
		map[string]any{"id": "abcdef0123456789", "short_id": "abcdef01", "time": "2026-11-23T00:00:00Z"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("snapshots of bk-1 = %v, want %v", got, want)
	}
	if got := sources[6].(map[string]any)["snapshots"]; !reflect.DeepEqual(got, []any{}) {
		t.Errorf("hand-written snapshots must be replaced by the file's, got %v", got)
	}
	wantProblems := map[int]string{
		6:  "../../outside.json: not read: outside the root",
		7:  "missing.json: cannot read: no such file or directory",
		8:  "bk-1.json: not the output of borg list --json",
		9:  "/etc/passwd: an absolute path",
		10: "link.json: not read: outside the root",
	}
	for _, p := range repo.Problems {
		if p.Rule != model.RuleParseError || p.File != "registers/evidence.yaml" {
			t.Errorf("unexpected problem %+v", p)
			continue
		}
		w, ok := wantProblems[p.Line]
		if !ok || !strings.Contains(p.Msg, w) {
			t.Errorf("line %d: %q, want it to contain %q", p.Line, p.Msg, w)
		}
		delete(wantProblems, p.Line)
		if _, has := sources[p.Line-5].(map[string]any)["snapshots"]; has {
			t.Errorf("line %d: an unreadable source must get no snapshots", p.Line)
		}
	}
	if len(wantProblems) > 0 {
		t.Errorf("missing problems: %v", wantProblems)
	}
}

func TestEvidenceTooLarge(t *testing.T) {
	root := t.TempDir()
	write(t, root, "evidence.yaml", []byte("kind: backup-evidence\nsources:\n  - {target: bk-1, tool: restic, path: big.json}\n"))
	f, err := os.Create(filepath.Join(root, "big.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxEvidenceSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	repo, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Problems) != 1 || !strings.Contains(repo.Problems[0].Msg, "over the 10 MB limit") {
		t.Errorf("problems = %+v, want one naming the size limit", repo.Problems)
	}
}
