package examples_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/cli"
)

// beforeFromState is datacenter-fire/before with its hand-kept inventory
// removed: the Terraform state beside it (infra/production.json, named in
// its .qmslint.yaml) is then the whole inventory.
func beforeFromState(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("datacenter-fire/before")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "registers", "inventory.yaml")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The state gives the infrastructure findings the hand-kept inventory
// gives, placed at the resources in the state.
func TestDatacenterFireFromTerraformState(t *testing.T) {
	dir := beforeFromState(t)
	fs, _ := lint(t, dir, "2026-03-09")
	var infra []string
	for _, id := range ids(fs) {
		if strings.HasPrefix(id, "infra.") {
			infra = append(infra, id)
		}
	}
	if !slices.Equal(infra, incidentFindings) {
		t.Errorf("infra findings from the state:\n got %q\nwant %q%s", infra, incidentFindings, describe(fs))
	}
	state, err := os.ReadFile(filepath.Join(dir, "infra", "production.json"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(state), "\n")
	found := false
	for _, f := range fs {
		if f.ID != "infra.backup-shares-building:bk-1/p-1" {
			continue
		}
		found = true
		// The finding is at the backup's resource: the line of its
		// opening brace, its address on the next.
		if f.File != "infra/production.json" || f.Line < 1 || f.Line >= len(lines) || !strings.Contains(lines[f.Line], `"address": "nordhost_server.bk1"`) {
			t.Errorf("backup-shares-building at %s:%d, want infra/production.json at nordhost_server.bk1", f.File, f.Line)
		}
		// The address is what a user fixes in Terraform: the finding
		// names it as its logical location.
		if f.Logical != "nordhost_server.bk1" {
			t.Errorf("backup-shares-building's logical location %q, want the resource address nordhost_server.bk1", f.Logical)
		}
	}
	if !found {
		t.Errorf("no infra.backup-shares-building:bk-1/p-1:%s", describe(fs))
	}
	// SARIF names it too, as a logical location of kind resource (the
	// format's schema is checked in internal/render).
	var stdout bytes.Buffer
	if code := cli.Run([]string{"lint", "--format", "sarif", "--date", "2026-03-09", dir}, cli.IO{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &bytes.Buffer{}, Now: time.Now}); code != cli.ExitFindings {
		t.Fatalf("sarif: exit %d", code)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Properties struct {
					ID string `json:"id"`
				} `json:"properties"`
				Locations []struct {
					LogicalLocations []struct {
						FullyQualifiedName, Kind string
					} `json:"logicalLocations"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("sarif: %v", err)
	}
	named := false
	for _, r := range log.Runs[0].Results {
		if r.Properties.ID == "infra.backup-shares-building:bk-1/p-1" && len(r.Locations) == 1 && len(r.Locations[0].LogicalLocations) == 1 {
			l := r.Locations[0].LogicalLocations[0]
			named = l.FullyQualifiedName == "nordhost_server.bk1" && l.Kind == "resource"
		}
	}
	if !named {
		t.Errorf("SARIF has no logical location of kind resource naming nordhost_server.bk1 for backup-shares-building")
	}
}

// The state holds a root password and a storage box password the state
// marks sensitive: neither reaches lint's output or the report.
func TestTerraformSecretsStayOut(t *testing.T) {
	dir := beforeFromState(t)
	src, _ := os.ReadFile(filepath.Join(dir, "infra", "production.json"))
	secrets := []string{"correct-horse-battery", "tr0ub4dor"}
	for _, s := range secrets {
		if !strings.Contains(string(src), s) {
			t.Fatalf("the example state lost its secret %q: the test would prove nothing", s)
		}
	}
	for _, args := range [][]string{
		{"lint", "--format", "json", "--date", "2026-03-09", dir},
		{"lint", "--format", "sarif", "--date", "2026-03-09", dir},
		{"report", "--format", "html", "--date", "2026-03-09", dir},
		{"report", "--format", "json", "--date", "2026-03-09", dir},
	} {
		var stdout, stderr bytes.Buffer
		code := cli.Run(args, cli.IO{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Now: func() time.Time { return time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC) }})
		if code != cli.ExitOK && code != cli.ExitFindings {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
		}
		for _, s := range secrets {
			if strings.Contains(stdout.String()+stderr.String(), s) {
				t.Errorf("%v prints the secret %q", args[:3], s)
			}
		}
	}
}

// A role tag the schema does not know is a schema finding at the
// resource in the state, like a typo in the hand-kept inventory.
func TestTerraformRoleTagIsValidated(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "infra"), 0o755)
	state := `{
  "format_version": "1.0",
  "values": {"root_module": {"resources": [
    {"address": "hcloud_server.web", "mode": "managed", "type": "hcloud_server", "name": "web",
     "values": {"datacenter": "fsn1-dc14", "labels": {"qmslint-role": "prod"}}}
  ]}}
}
`
	os.WriteFile(filepath.Join(dir, "infra", "s.json"), []byte(state), 0o644)
	os.WriteFile(filepath.Join(dir, ".qmslint.yaml"), []byte("terraform:\n  states: [infra/s.json]\n"), 0o644)
	fs, _ := lint(t, dir, "2026-11-24")
	for _, f := range fs {
		if f.Rule == "schema.invalid" {
			if f.File != "infra/s.json" || f.Line != 4 || !strings.Contains(f.Message, `got "prod"`) {
				t.Errorf("schema finding %s:%d %s", f.File, f.Line, f.Message)
			}
			return
		}
	}
	t.Errorf("no schema.invalid for the role tag prod:%s", describe(fs))
}
