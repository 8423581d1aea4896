package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/render/sariftest"
)

// TestSARIFOfExampleValidates lints the datacenter-fire example (before
// the CAPA) as SARIF and validates it against the official SARIF 2.1.0
// schema, as GitHub code scanning would receive it.
func TestSARIFOfExampleValidates(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "examples", "datacenter-fire", "before")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("example not present: %v", err)
	}
	o := run(t, "lint", "--format", "sarif", "--date", "2026-11-24", root)
	if o.code != 0 && o.code != 1 {
		t.Fatalf("exit %d: %s", o.code, o.stderr)
	}
	sariftest.Validate(t, []byte(o.stdout))
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(o.stdout), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("the example before its CAPA should have findings:\n%.2000s", o.stdout)
	}
	// Paths are relative to the repository top, where code scanning
	// resolves them.
	for _, r := range log.Runs[0].Results {
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(uri, "examples/datacenter-fire/before/") {
			t.Errorf("uri %q is not relative to the repository top", uri)
			break
		}
	}
}

func TestReviewCommand(t *testing.T) {
	t.Parallel()
	g := gitQMS(t)
	g.Commit("2027-03-01", "reword SOP-1", map[string]string{"qms/SOP-1.md": doc("SOP-1", "procedure", "1", "Documents are used.")})
	root := filepath.Join(g.Dir, "qms")
	o := run(t, "review", "--base", "HEAD~1", "--fail-on", "major", root)
	if o.code != 1 {
		t.Fatalf("review: exit %d, want 1\n%s%s", o.code, o.stdout, o.stderr)
	}
	for _, want := range []string{"❌ qmslint review", "| **SOP-1**", "change.revision-not-bumped", "change.approval-stale"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("markdown lacks %q:\n%s", want, o.stdout)
		}
	}
	o = run(t, "review", "--base", "HEAD~1", "--format", "json", "--fail-on", "never", root)
	var out struct {
		Documents  []struct{ ID string }
		Introduced []struct{ Rule string }
	}
	if err := json.Unmarshal([]byte(o.stdout), &out); err != nil || o.code != 0 || len(out.Documents) != 1 {
		t.Errorf("json: exit %d, %v\n%s", o.code, err, o.stdout)
	}
	o = run(t, "review", "--base", "HEAD~1", "--format", "sarif", "--fail-on", "never", root)
	if !bytes.Contains([]byte(o.stdout), []byte(`"id": "qmslint/review/"`)) || !strings.Contains(o.stdout, `"uri": "qms/SOP-1.md"`) {
		t.Errorf("sarif:\n%.1500s", o.stdout)
	}
	if o := run(t, "review", root); o.code != 2 || !strings.Contains(o.stderr, "--base is required") {
		t.Errorf("missing --base: exit %d %s", o.code, o.stderr)
	}
}

func TestLintFormatsShareExitCodes(t *testing.T) {
	t.Parallel()
	g := gitQMS(t)
	g.Write(map[string]string{"qms/SOP-1.md": strings.Replace(doc("SOP-1", "procedure", "1", "x"), "status: approved", "status: aproved", 1)})
	root := filepath.Join(g.Dir, "qms")
	for _, format := range []string{"text", "json", "sarif", "junit", "github", "gitlab", "checkstyle"} {
		if o := run(t, "lint", "--format", format, root); o.code != 1 {
			t.Errorf("%s: exit %d, want 1", format, o.code)
		}
		if o := run(t, "lint", "--format", format, "--fail-on", "never", root); o.code != 0 {
			t.Errorf("%s --fail-on never: exit %d, want 0", format, o.code)
		}
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	o := run(t, "lint", "--format", "github", "--summary", summary, root)
	b, _ := os.ReadFile(summary)
	if !strings.Contains(o.stdout, "file=qms/SOP-1.md,") || !strings.Contains(string(b), "### qmslint:") {
		t.Errorf("github: %s\nsummary: %s", o.stdout, b)
	}
}
