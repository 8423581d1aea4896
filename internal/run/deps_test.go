package run

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStagesImportNothingAfterThem holds the import graph one way
// (docs/architecture.md): what renders or only reads a run does not
// depend on the evaluator or the pipeline, and the pipeline does not
// depend on what reads its result.
func TestStagesImportNothingAfterThem(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const mod = "github.com/qmslint/qmslint/internal/"
	for pkg, forbidden := range map[string][]string{
		"finding":  {"engine", "lint", "model", "config"},
		"run":      {"engine", "lint"},
		"render":   {"engine", "lint", "policyinput"},
		"report":   {"engine", "lint", "policyinput"},
		"trace":    {"engine", "lint", "policyinput"},
		"coverage": {"engine", "lint", "policyinput"},
		"lint":     {"report", "render", "review", "cli", "lsp", "policydoc"},
		"engine":   {"lint", "policyinput", "trace", "report", "render"},
		// The cache keeps what stages produce; it runs none after load.
		"cache": {"engine", "lint", "policyinput", "schema", "review", "cli"},
	} {
		out, err := exec.Command("go", "list", "-deps", mod+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := strings.Fields(string(out))
		for _, f := range forbidden {
			for _, d := range deps {
				if d == mod+f {
					t.Errorf("internal/%s depends on internal/%s", pkg, f)
				}
			}
		}
	}
}
