package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/finding"
)

const date = "2027-06-01"

func TestExitCodesForFailOn(t *testing.T) {
	t.Parallel()
	levels := []string{"major", "minor", "observation"}
	for _, sev := range levels {
		// notes.md has no front matter: exactly one finding, graded sev.
		root := fixture(t, "repo", map[string]string{"doc.front-matter-missing": sev}, "")
		for _, failOn := range append(levels, "never") {
			want := ExitOK
			if failOn != "never" && finding.Rank(sev) >= finding.Rank(failOn) {
				want = ExitFindings
			}
			o := run(t, "lint", "--date", date, "--fail-on", failOn, root)
			if o.code != want || o.stderr != "" {
				t.Errorf("a %s finding with --fail-on %s: exit %d (stderr %q), want %d", sev, failOn, o.code, o.stderr, want)
			}
		}
	}
}

func TestFailOnDefaultsAndConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		sev   string
		extra string
		args  []string
		want  int
	}{
		{"default is minor: a minor finding fails", "minor", "", nil, ExitFindings},
		{"default is minor: an observation passes", "observation", "", nil, ExitOK},
		{"fail_on in the config", "minor", "fail_on: major\n", nil, ExitOK},
		{"--fail-on overrides the config", "minor", "fail_on: major\n", []string{"--fail-on", "minor"}, ExitFindings},
		{"fail_on: never", "major", "fail_on: never\n", nil, ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := fixture(t, "repo", map[string]string{"doc.front-matter-missing": tt.sev}, tt.extra)
			o := run(t, append(append([]string{"lint", "--date", date}, tt.args...), root)...)
			if o.code != tt.want {
				t.Errorf("exit %d, want %d; stderr %q", o.code, tt.want, o.stderr)
			}
		})
	}
	root := fixture(t, "repo", only(), "")
	if o := run(t, "lint", "--date", date, "--fail-on", "observation", root); o.code != ExitOK || !strings.Contains(o.stdout, "No findings as of 2027-06-01.") {
		t.Errorf("no rule enabled: %+v, want exit 0 and no findings", o)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	root := fixture(t, "repo", only(docRules...), "")
	dir := t.TempDir()
	write := func(rel, content string) string {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badYAML := write("bad.yaml", "rules:\n  doc.review-overdue: {severity: major\n")
	unknownKey := write("unknown.yaml", "standards: [ISO13485:2016]\nfailon: major\n")
	unknownRule := write("rule.yaml", "rules:\n  doc.reveiw-overdue: {severity: major}\n")
	unknownParam := write("param.yaml", "rules:\n  doc.review-overdue: {interval: 6}\n")
	write("broken/rule.rego", "package company.rules.x\n\ndeny contains msg if {\n  msg := \n}\n")
	write("nometa/rule.rego", "package company.rules.y\n\ndeny contains \"x\" if true\n")
	tests := []struct {
		name string
		args []string
		want []string // substrings of the one stderr line
	}{
		{"missing root", []string{filepath.Join(dir, "missing")}, []string{"cannot read", "missing", "no such file"}},
		{"root is a file", []string{badYAML}, []string{"is not a directory"}},
		{"invalid config", []string{"--config", badYAML, root}, []string{"bad.yaml:2:", "did not find expected"}},
		{"unknown config key", []string{"--config", unknownKey, root}, []string{"unknown.yaml:2:", `unknown setting "failon"`}},
		{"unknown rule", []string{"--config", unknownRule, root}, []string{"rule.yaml", `unknown rule "doc.reveiw-overdue"`}},
		{"unknown rule parameter", []string{"--config", unknownParam, root}, []string{"param.yaml", `unknown setting "interval"`, "default_interval_months"}},
		{"missing config", []string{"--config", filepath.Join(dir, "nope.yaml"), root}, []string{"nope.yaml", "no such file"}},
		{"policy that does not compile", []string{"--policy", filepath.Join(dir, "broken"), root}, []string{"policies do not compile", "rule.rego:5"}},
		{"policy without metadata", []string{"--policy", filepath.Join(dir, "nometa"), root}, []string{"rule.rego:1", "no # METADATA block"}},
		{"missing policy directory", []string{"--policy", filepath.Join(dir, "nowhere"), root}, []string{"nowhere"}},
		{"bad --date", []string{"--date", "01/06/2027", root}, []string{`--date: expected a date like 2026-01-12, got "01/06/2027"`}},
		{"impossible --date", []string{"--date", "2027-02-30", root}, []string{"--date"}},
		{"bad --format", []string{"--format", "xml", root}, []string{`--format: expected text, json, sarif, junit, github, gitlab or checkstyle, got "xml"`}},
		{"bad --fail-on", []string{"--fail-on", "critical", root}, []string{`--fail-on: expected major, minor, observation or never, got "critical"`}},
		{"unknown flag", []string{"--fial-on", "major", root}, []string{"unknown flag: --fial-on", "qmslint lint --help"}},
		{"bad --timeout", []string{"--timeout", "soon", root}, []string{"--timeout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := run(t, append([]string{"lint"}, tt.args...)...)
			if o.code != ExitUsage {
				t.Errorf("exit %d, want 2; stderr %q", o.code, o.stderr)
			}
			if o.stdout != "" {
				t.Errorf("stdout %q, want nothing", o.stdout)
			}
			if !strings.HasPrefix(o.stderr, "qmslint: ") || strings.Count(o.stderr, "\n") != 1 {
				t.Errorf("stderr %q, want one line", o.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(o.stderr, w) {
					t.Errorf("stderr %q does not contain %q", o.stderr, w)
				}
			}
		})
	}
}

// TestHostilePolicies: a policy arriving in a pull request must not reach
// the network, the environment or the file system, nor make output vary.
func TestHostilePolicies(t *testing.T) {
	t.Parallel()
	root := fixture(t, "repo", only(), "")
	calls := map[string]string{
		"http.send":          `http.send({"method": "GET", "url": "https://example.com"})`,
		"opa.runtime":        `opa.runtime()`,
		"json.match_schema":  `json.match_schema({}, {"$ref": "file:///etc/passwd"})`,
		"json.verify_schema": `json.verify_schema({"$ref": "file:///etc/passwd"})`,
		"rand.intn":          `rand.intn("x", 10)`,
		"uuid.rfc4122":       `uuid.rfc4122("x")`,
		"net.lookup_ip_addr": `net.lookup_ip_addr("example.com")`,
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			src := "# METADATA\n# title: Hostile\n# custom:\n#   id: evil.rule\n#   severity: major\n#   clauses: [ISO13485:4.2.4]\npackage evil\n\ndeny contains msg if {\n\tx := " + call + "\n\tmsg := sprintf(\"%v\", [x])\n}\n"
			if err := os.WriteFile(filepath.Join(dir, "evil.rego"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			o := run(t, "lint", "--date", date, "--policy", dir, root)
			if o.code != ExitUsage || strings.Count(o.stderr, "\n") != 1 {
				t.Fatalf("exit %d, stderr %q; want exit 2 and one line", o.code, o.stderr)
			}
			for _, w := range []string{"evil.rego:10", name} {
				if !strings.Contains(o.stderr, w) {
					t.Errorf("stderr %q does not name %q", o.stderr, w)
				}
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	root := fixture(t, "repo", only(), "")
	dir := t.TempDir()
	// Ten billion pairs: it never finishes in a test's lifetime.
	src := `# METADATA
# title: Slow
# custom:
#   id: slow.cross-product
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package slow

deny contains "never" if {
	some a in numbers.range(1, 100000)
	some b in numbers.range(1, 100000)
	a == b + 1000000
}
`
	if err := os.WriteFile(filepath.Join(dir, "slow.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	o := run(t, "lint", "--date", date, "--timeout", "300ms", "--policy", dir, root)
	if o.code != ExitUsage || strings.Count(o.stderr, "\n") != 1 || !strings.Contains(o.stderr, "policy evaluation did not finish within 300ms") {
		t.Errorf("exit %d, stderr %q; want exit 2 and the timeout message", o.code, o.stderr)
	}
}

// The memory budget bounds what policy packs add, not the heap qmslint's
// own rules need: the reference QMS lints under a budget far below its
// heap (it stopped at 8 MiB when the watch judged every rule), and a
// large QMS never stops at the default.
func TestMemoryBudgetSparesBuiltinRules(t *testing.T) {
	o := run(t, "lint", "--date", "2026-11-24", "--fail-on", "never", "--max-memory", "8MiB", "../../qms")
	if o.code != ExitOK || strings.Contains(o.stderr, "memory budget") {
		t.Errorf("lint qms under an 8 MiB budget: exit %d, stderr %q; want exit 0", o.code, o.stderr)
	}
}

// --timeout bounds policy packs, not qmslint's own rules: a large QMS on a
// slow runner must not fail for its size (the reference QMS under a 1 ms
// deadline stopped with exit 2 when the deadline held for every rule).
func TestTimeoutSparesBuiltinRules(t *testing.T) {
	o := run(t, "lint", "--date", "2026-11-24", "--fail-on", "never", "--timeout", "1ms", "../../qms")
	if o.code != ExitOK {
		t.Errorf("lint qms with --timeout 1ms: exit %d, stderr %q; want exit 0", o.code, o.stderr)
	}
}

func TestJSONGolden(t *testing.T) {
	t.Parallel()
	root := fixture(t, "repo", only(docRules...), "")
	o := run(t, "lint", "--format", "json", "--date", date, root)
	if o.code != ExitFindings || o.stderr != "" {
		t.Fatalf("exit %d, stderr %q", o.code, o.stderr)
	}
	golden(t, "lint/repo.json", o.stdout)
	checkJSONContract(t, o.stdout)
}

func TestTextGolden(t *testing.T) {
	t.Parallel()
	root := fixture(t, "repo", only(docRules...), "")
	o := run(t, "lint", "--date", date, root)
	if o.code != ExitFindings || o.stderr != "" {
		t.Fatalf("exit %d, stderr %q", o.code, o.stderr)
	}
	if strings.Contains(o.stdout, "\x1b[") {
		t.Error("colour escapes in output that is not a terminal")
	}
	golden(t, "lint/repo.txt", o.stdout)
}

// checkJSONContract checks the documented shape field by field, so a
// renamed or added field fails here and not in a user's CI script.
func checkJSONContract(t *testing.T, out string) {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if got := keys(doc); !reflect.DeepEqual(got, []string{"date", "findings", "summary", "version"}) {
		t.Errorf("top-level keys %v", got)
	}
	if string(doc["version"]) != "1" || string(doc["date"]) != `"`+date+`"` {
		t.Errorf("version %s date %s", doc["version"], doc["date"])
	}
	var findings []map[string]json.RawMessage
	if err := json.Unmarshal(doc["findings"], &findings); err != nil {
		t.Fatal(err)
	}
	want := []string{"capa", "clauses", "column", "file", "id", "line", "message", "rule", "severity", "status", "subject"}
	var fs []finding.Finding
	_ = json.Unmarshal(doc["findings"], &fs)
	ids := map[string]bool{}
	summary := map[string]int{}
	for i, f := range findings {
		if got := keys(f); !reflect.DeepEqual(got, want) {
			t.Errorf("finding %d keys %v, want %v", i, got, want)
		}
		ff := fs[i]
		if ff.ID != ff.Rule+":"+ff.Subject {
			t.Errorf("id %q is not <rule>:<subject>", ff.ID)
		}
		if ids[ff.ID] {
			t.Errorf("id %q is not unique", ff.ID)
		}
		ids[ff.ID] = true
		if ff.Status != "open" || ff.CAPA == nil || ff.Clauses == nil || finding.Rank(ff.Severity) == 0 {
			t.Errorf("finding %+v: want status open, capa [], clauses and a severity", ff)
		}
		summary[ff.Severity]++
	}
	if !sort.SliceIsSorted(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Rule < b.Rule
	}) {
		t.Error("findings are not sorted by file, line, rule")
	}
	var s map[string]int
	_ = json.Unmarshal(doc["summary"], &s)
	if !reflect.DeepEqual(s, map[string]int{"major": summary["major"], "minor": summary["minor"], "observation": summary["observation"]}) {
		t.Errorf("summary %v does not count the findings %v", s, summary)
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestOutputIsByteIdentical(t *testing.T) {
	t.Parallel()
	root := fixture(t, "repo", only(docRules...), "")
	for _, format := range []string{"json", "text"} {
		a := run(t, "lint", "--format", format, "--date", date, root)
		b := run(t, "lint", "--format", format, "--date", date, root)
		if a != b {
			t.Errorf("%s output differs between two runs", format)
		}
	}
}

// TestIDsSurviveMovedLines inserts lines above every finding and checks
// that ids, which CAPA records cite, do not change while lines do.
func TestIDsSurviveMovedLines(t *testing.T) {
	t.Parallel()
	root := fixture(t, "repo", only(docRules...), "")
	before := lintJSON(t, root)
	for _, rel := range []string{"procedures/SOP-001-documents.md", "forms/FRM-001-change-request.md", "policies/POL-002-copy.md", "notes.md", "broken.md"} {
		p := filepath.Join(root, filepath.FromSlash(rel))
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := string(raw)
		if rest, ok := strings.CutPrefix(s, "---\n"); ok {
			s = "---\n# a comment\n# and another\n" + rest
		} else {
			s = "Preface.\n\n" + s
		}
		s = strings.Replace(s, "\n\n# ", "\n\nAn added paragraph.\n\n# ", 1)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	after := lintJSON(t, root)
	if len(before) != len(after) {
		t.Fatalf("%d findings before, %d after", len(before), len(after))
	}
	moved := 0
	for id, line := range before {
		l, ok := after[id]
		if !ok {
			t.Errorf("id %s disappeared when lines moved", id)
		}
		if l != line {
			moved++
		}
	}
	if moved == 0 {
		t.Error("no finding moved; the test does not exercise anything")
	}
}

func lintJSON(t *testing.T, root string) map[string]int {
	t.Helper()
	o := run(t, "lint", "--format", "json", "--date", date, root)
	var out struct{ Findings []finding.Finding }
	if err := json.Unmarshal([]byte(o.stdout), &out); err != nil {
		t.Fatalf("%v: %s", err, o.stderr)
	}
	m := map[string]int{}
	for _, f := range out.Findings {
		m[f.ID] = f.Line
	}
	return m
}

// The text format shows every finding's id, the one capa new --finding
// and waivers take, as its own word after the severity.
func TestTextShowsFindingIDs(t *testing.T) {
	t.Parallel()
	root := fixture(t, "repo", only(docRules...), "")
	js := run(t, "lint", "--format", "json", "--date", date, root)
	text := run(t, "lint", "--date", date, root)
	var doc struct{ Findings []finding.Finding }
	if err := json.Unmarshal([]byte(js.stdout), &doc); err != nil || len(doc.Findings) < 5 {
		t.Fatalf("json: %v, %d findings", err, len(doc.Findings))
	}
	for _, f := range doc.Findings {
		if !strings.Contains(text.stdout, " "+f.Severity+" "+f.ID+" ") {
			t.Errorf("text output lacks %q after its severity:\n%s", f.ID, text.stdout)
		}
	}
}
