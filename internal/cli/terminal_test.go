package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
)

// tableWidth is the width of the widest line of the boxed tables in out.
func tableLines(out string) (lines []string) {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "│") || strings.HasPrefix(l, "┌") || strings.HasPrefix(l, "└") {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestTablesFitTheWidth: the coverage matrix (about 200 columns drawn as
// it comes) and the rule list fit an 80-column terminal ($COLUMNS), and
// stay within 100 columns when stdout is not a terminal.
func TestTablesFitTheWidth(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"coverage", "--date", qmsDate, "../../qms"},
		{"coverage", "--claims", "--standard", "ISO27001", "--date", qmsDate, "../../qms"},
		{"rules", t.TempDir()},
	} {
		for _, width := range []int{80, 100} {
			env := map[string]string{}
			if width == 80 {
				env["COLUMNS"] = "80"
			}
			o := runEnv(t, env, args...)
			if o.code != ExitOK {
				t.Fatalf("%v: exit %d, %s", args, o.code, o.stderr)
			}
			lines := tableLines(o.stdout)
			if len(lines) < 3 {
				t.Fatalf("%v: no table:\n%s", args, o.stdout)
			}
			for _, l := range lines {
				if w := runewidth.StringWidth(l); w > width {
					t.Errorf("%v at %d columns: a line is %d wide:\n%s", args, width, w, l)
					break
				}
			}
		}
	}
	// Wrapped, not cut: the longest document title is still all there.
	o := runEnv(t, map[string]string{"COLUMNS": "80"}, "coverage", "--date", qmsDate, "../../qms")
	flat := strings.Join(strings.Fields(strings.NewReplacer("│", " ").Replace(o.stdout)), " ")
	if !strings.Contains(flat, "Integrated management system manual") {
		t.Errorf("a wrapped title lost words:\n%s", o.stdout)
	}
}

// TestCompletion: the completion command is listed, and completes rule
// ids, formats, --fail-on and finding ids.
func TestCompletion(t *testing.T) {
	t.Parallel()
	if o := run(t, "--help"); !strings.Contains(o.stdout, "completion") {
		t.Errorf("--help does not list completion:\n%s", o.stdout)
	}
	if o := run(t, "completion", "bash"); o.code != ExitOK || !strings.Contains(o.stdout, "__start_qmslint") {
		t.Errorf("completion bash: exit %d\n%.300s", o.code, o.stdout)
	}
	for _, tc := range []struct {
		args []string
		want []string
		not  []string
	}{
		{[]string{"explain", "doc.review-ov"}, []string{"doc.review-overdue"}, []string{"doc.not-approved"}},
		{[]string{"explain", "infra."}, []string{"infra.restore-test-stale", "infra.backup-shares-building"}, []string{"doc.review-overdue"}},
		{[]string{"lint", "--format", ""}, []string{"text", "json", "sarif", "checkstyle"}, []string{"markdown"}},
		{[]string{"report", "--format", ""}, []string{"html", "pdf"}, []string{"sarif"}},
		{[]string{"lint", "--fail-on", ""}, []string{"major", "minor", "observation", "never"}, nil},
		{[]string{"capa", "new", "--finding", "doc.review"}, []string{"doc.review-overdue:"}, []string{"doc.not-approved:"}},
	} {
		o := run(t, append([]string{"__complete"}, tc.args...)...)
		got := strings.Split(o.stdout, "\n")
		for _, w := range tc.want {
			if !contains(got, w) {
				t.Errorf("complete %q: %q missing:\n%s", tc.args, w, o.stdout)
			}
		}
		for _, n := range tc.not {
			if contains(got, n) {
				t.Errorf("complete %q: %q offered:\n%s", tc.args, n, o.stdout)
			}
		}
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

// TestExplainForTheTerminal: no Markdown syntax reaches the terminal;
// --format markdown keeps it, as docs/rules.md has it.
func TestExplainForTheTerminal(t *testing.T) {
	t.Parallel()
	o := run(t, "explain", "doc.review-overdue")
	if o.code != ExitOK {
		t.Fatalf("exit %d, %s", o.code, o.stderr)
	}
	for _, raw := range []string{"**", "```", "| --- |", "`"} {
		if strings.Contains(o.stdout, raw) {
			t.Errorf("explain prints raw Markdown %q:\n%s", raw, o.stdout)
		}
	}
	for _, w := range []string{"\n    id: SOP-004\n", "│ default_interval_months │", "Severity minor"} {
		if !strings.Contains(o.stdout, w) {
			t.Errorf("explain lacks %q:\n%s", w, o.stdout)
		}
	}
	md := run(t, "explain", "--format", "markdown", "doc.review-overdue")
	if !strings.Contains(md.stdout, "Severity **minor**") || !strings.Contains(md.stdout, "```markdown") {
		t.Errorf("--format markdown:\n%s", md.stdout)
	}
}

// TestPathsFromTheWorkingDirectory: text and Checkstyle name files from
// where lint ran, at the top of the repository and in a folder of the
// QMS; GitHub annotations stay relative to the Git top, which is what
// GitHub resolves whatever folder the step ran in.
func TestPathsFromTheWorkingDirectory(t *testing.T) {
	top := gittest.New(t).Dir
	if err := os.CopyFS(filepath.Join(top, "qms"), os.DirFS("../../qms")); err != nil {
		t.Fatal(err)
	}
	// Years later every review is overdue: findings in every folder.
	const date = "2031-06-01"
	const file = "capa/CAPA-2026-003-bk3-restore-key.md"
	check := func(where string, args []string, want map[string]string) {
		t.Helper()
		for format, w := range want {
			o := run(t, append([]string{"lint", "--date", date, "--format", format}, args...)...)
			if o.code != ExitFindings {
				t.Fatalf("%s: %s: exit %d, %s", where, format, o.code, o.stderr)
			}
			if !strings.Contains(o.stdout, w) {
				t.Errorf("%s, --format %s: want %q in\n%.600s", where, format, w, o.stdout)
			}
		}
	}
	t.Chdir(top)
	check("top, lint qms", []string{"qms"}, map[string]string{
		"text":       "\nqms/" + file + ":",
		"checkstyle": `name="qms/` + file + `"`,
		"github":     "file=qms/" + file + ",",
	})
	t.Chdir(filepath.Join(top, "qms", "procedures"))
	check("qms/procedures, lint", nil, map[string]string{
		"text":       "\n../" + file + ":",
		"checkstyle": `name="../` + file + `"`,
		"github":     "file=qms/" + file + ",",
	})
}
