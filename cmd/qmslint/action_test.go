package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// fakeGH stands in for the GitHub CLI: it logs its arguments and answers
// "gh api --paginate URL --jq FILTER" by running jq over $COMMENTS, the
// pull request's comments.
const fakeGH = `#!/bin/bash
echo "gh $*" >> "$LOG"
if [ "$1" = api ] && [ "$2" = --paginate ]; then
  exec jq -r "$5" "$COMMENTS"
fi
`

// TestActionReviewComment runs the Action's review step with a fake gh:
// it edits the comment that carries qmslint's marker, never another
// one (gh pr comment --edit-last edited whichever comment was last), and
// posts a new comment when there is none.
func TestActionReviewComment(t *testing.T) {
	for _, tool := range []string{"bash", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: the Action's script is not run", tool)
		}
	}
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []struct {
				Name string `yaml:"name"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(b, &action); err != nil {
		t.Fatal(err)
	}
	script := ""
	for _, s := range action.Runs.Steps {
		if s.Name == "Review the pull request" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal("action.yml has no step named \"Review the pull request\"")
	}
	for _, tc := range []struct {
		name, comments string
		want, not      []string
	}{
		{
			"first push: posted",
			`[{"id": 1, "body": "LGTM"}, {"id": 2, "body": "<!-- other-bot -->\nCoverage 80%"}]`,
			[]string{"gh pr comment 7 --body-file"},
			[]string{"PATCH"},
		},
		{
			"later push: its own comment edited, not the last one",
			`[{"id": 5, "body": "<!-- qmslint-review -->\nold review"}, {"id": 6, "body": "<!-- other-bot -->\nCoverage 80%"}]`,
			[]string{"gh api --method PATCH repos/acme/qms/issues/comments/5"},
			[]string{"comments/6", "pr comment"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			bin := filepath.Join(dir, "bin")
			if err := os.Mkdir(bin, 0o755); err != nil {
				t.Fatal(err)
			}
			write := func(name, body string, mode os.FileMode) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(body), mode); err != nil {
					t.Fatal(err)
				}
				return p
			}
			write("bin/gh", fakeGH, 0o755)
			write("bin/qmslint", "#!/bin/sh\necho '## qmslint review'\n", 0o755)
			comments := write("comments.json", tc.comments, 0o644)
			log := filepath.Join(dir, "gh.log")
			cmd := exec.Command("bash", "-e", "-c", script)
			cmd.Env = append(os.Environ(),
				"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
				"LOG="+log, "COMMENTS="+comments, "RUNNER_TEMP="+dir,
				"GITHUB_REPOSITORY=acme/qms", "PR=7", "BASE_SHA=abc", "QMS_PATH=qms", "QMS_DATE=")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("the step failed: %v\n%s", err, out)
			}
			calls, _ := os.ReadFile(log)
			for _, w := range tc.want {
				if !strings.Contains(string(calls), w) {
					t.Errorf("gh was not called with %q:\n%s", w, calls)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(string(calls), n) {
					t.Errorf("gh was called with %q:\n%s", n, calls)
				}
			}
			body, _ := os.ReadFile(filepath.Join(dir, "review.md"))
			if !strings.HasPrefix(string(body), "<!-- qmslint-review -->\n## qmslint review") {
				t.Errorf("the comment does not start with the marker: %q", body)
			}
		})
	}
}
