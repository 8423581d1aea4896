package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The real backup tools, not fixtures written from their documentation:
// restic and borg make repositories and snapshots in a temporary folder,
// their JSON is captured as a company's backup job would, and qmslint
// judges it against the plan's RPO. It skips where the tools are missing,
// unless QMSLINT_BACKUP_TOOLS=require (CI), where it fails instead.
func TestBackupToolsOutput(t *testing.T) {
	for _, tool := range []string{"restic", "borg"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("QMSLINT_BACKUP_TOOLS") == "require" {
				t.Fatalf("%s is not installed and QMSLINT_BACKUP_TOOLS=require", tool)
			}
			t.Skipf("%s is not installed (apt-get install restic borgbackup)", tool)
		}
	}
	t.Parallel()
	work := t.TempDir()
	root := filepath.Join(work, "qms")
	data := filepath.Join(work, "data")
	writeFile(t, filepath.Join(data, "customers.csv"), "id,name\n1,Clinic A\n")
	writeFile(t, filepath.Join(work, "password"), "correct horse battery staple\n")
	env := append(os.Environ(),
		"HOME="+work, // borg keeps its cache and security files there
		"TZ=UTC",     // borg writes local times without a zone
		"RESTIC_PASSWORD_FILE="+filepath.Join(work, "password"),
		"RESTIC_CACHE_DIR="+filepath.Join(work, "restic-cache"),
		"BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes",
	)
	sh := func(name string, args ...string) []byte {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Env, cmd.Dir = env, work
		out, err := cmd.Output()
		if err != nil {
			var stderr string
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr)
		}
		return out
	}
	restic := filepath.Join(work, "restic-repo")
	sh("restic", "init", "--repo", restic, "--quiet")
	sh("restic", "backup", "--repo", restic, "--quiet", data)
	writeFile(t, filepath.Join(root, "evidence/bk-1.restic.json"), string(sh("restic", "snapshots", "--repo", restic, "--json")))
	borg := filepath.Join(work, "borg-repo")
	sh("borg", "init", "--encryption=none", borg)
	sh("borg", "create", borg+"::p-1-nightly", data)
	writeFile(t, filepath.Join(root, "evidence/bk-2.borg.json"), string(sh("borg", "list", "--json", borg)))

	writeFile(t, filepath.Join(root, "registers/inventory.yaml"), `id: INV-001
kind: inventory
title: Infrastructure inventory
sites:
  - {id: s1, provider: hostwerk, building: fra-1}
  - {id: s2, provider: amstelcloud, building: ams-2}
assets:
  - {id: p-1, role: production, site: s1, data_gb: 1}
  - {id: bk-1, role: backup, site: s2, backs_up: [p-1], restore_mbps: 100}
  - {id: bk-2, role: backup, site: s2, backs_up: [p-1], restore_mbps: 100}
`)
	writeFile(t, filepath.Join(root, "registers/backup-evidence.yaml"), `id: EVD-001
kind: backup-evidence
title: Backup evidence
sources:
  - {target: bk-1, tool: restic, path: ../evidence/bk-1.restic.json}
  - {target: bk-2, tool: borg, path: ../evidence/bk-2.borg.json}
`)
	writeFile(t, filepath.Join(root, "plans/PLN-001.md"), "---\nid: PLN-001\nkind: plan\ntitle: Disaster recovery plan\nstatus: approved\napprovals: [{by: A, role: B, date: 2026-01-01}]\nscenarios:\n  - {id: dr-1, title: p-1 fails, lost: [p-1], rto_hours: 4, rpo_hours: 24}\n---\n\n# Disaster recovery plan\n")

	day := func(days int) string { return time.Now().UTC().AddDate(0, 0, days).Format("2006-01-02") }
	stale := func(date string) []string {
		fs, _ := lintAt(t, root, date)
		var out []string
		for id, f := range fs {
			if strings.HasPrefix(f.Rule, "parse.") || strings.HasPrefix(id, "infra.backup-snapshot-stale:") {
				out = append(out, id+" "+f.Message)
			}
		}
		return out
	}
	// The next day, the snapshots just taken are a few hours old.
	if got := stale(day(1)); len(got) != 0 {
		t.Errorf("fresh snapshots as of %s: %v, want no finding", day(1), got)
	}
	// Three days on, both are over the plan's 24 hours.
	got := stale(day(3))
	if len(got) != 2 {
		t.Fatalf("as of %s: %d findings %v, want infra.backup-snapshot-stale for bk-1 and bk-2", day(3), len(got), got)
	}
	for _, f := range got {
		if !strings.Contains(f, "beyond the recovery point objective of PLN-001/dr-1 (24 h)") {
			t.Errorf("finding %q does not name the plan's RPO", f)
		}
	}
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
