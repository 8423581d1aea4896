package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	src := `# settings
standards: [ISO13485:2016]
policies: [company-rules]
ignore:
  - archive/**
  - "**/drafts/**"
fail_on: major
rules:
  doc.review-overdue:
    severity: major
    default_interval_months: 24
  doc.front-matter-missing: {disabled: true}
  parse.skipped:
`
	c, err := Parse([]byte(src), "/repo/.qmslint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Standards, []string{"ISO13485:2016"}) || !reflect.DeepEqual(c.Ignore, []string{"archive/**", "**/drafts/**"}) || c.FailOn != "major" {
		t.Errorf("parsed %+v", c)
	}
	wantRules := map[string]RuleConfig{
		"doc.review-overdue":       {Severity: "major"},
		"doc.front-matter-missing": {Disabled: true},
		"parse.skipped":            {},
	}
	if !reflect.DeepEqual(c.Rules, wantRules) {
		t.Errorf("rules %+v, want %+v", c.Rules, wantRules)
	}
	if want := map[string]map[string]any{"doc.review-overdue": {"default_interval_months": int64(24)}}; !reflect.DeepEqual(c.Params, want) {
		t.Errorf("params %+v, want %+v", c.Params, want)
	}
	if got := c.PolicyDirs(); !reflect.DeepEqual(got, []string{filepath.FromSlash("/repo/company-rules")}) {
		t.Errorf("policy dirs %q", got)
	}
}

func TestParseEmptyIsDefault(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n"} {
		c, err := Parse([]byte(src), "x/.qmslint.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c.Standards, DefaultStandards()) || c.FailOn != "" || len(c.Rules) != 0 {
			t.Errorf("Parse(%q) = %+v, want the defaults", src, c)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown key", "standards: [ISO13485:2016]\nfailon: major\n", `c.yaml:2: unknown setting "failon"; expected standards, catalogs, policies, ignore, fail_on, max_memory, rules, dialect or terraform`},
		{"unknown standard", "standards: [ISO9001:2015]\n", `c.yaml:1: standards: unknown standard "ISO9001:2015"; known: IEC62304:2006+A1:2015, ISO13485:2016, ISO27001:2022 (a catalog under catalogs: or in a policy pack adds one)`},
		{"bad fail_on", "fail_on: critical\n", "c.yaml:1: fail_on: expected one of major, minor, observation, never; got critical"},
		{"bad severity", "rules:\n  doc.x:\n    severity: critical\n", "c.yaml:2: rules.doc.x: severity: expected major, minor or observation; got critical"},
		{"bad disabled", "rules:\n  doc.x: {disabled: yes please}\n", "c.yaml:2: rules.doc.x: disabled: expected true or false; got yes please"},
		{"rule not a mapping", "rules:\n  doc.x: major\n", "c.yaml:2: rules.doc.x: expected a mapping such as {severity: major} or {disabled: true}"},
		{"rules not a mapping", "rules: [doc.x]\n", "c.yaml:1: rules: expected a mapping of rule id to settings"},
		{"ignore not strings", "ignore: [1, 2]\n", "c.yaml:1: ignore: expected a list of strings; found 1"},
		{"not a mapping", "- a\n", "c.yaml:1: expected a mapping of settings"},
		{"YAML error", "rules:\n  a: 1\n  a: 2\n", `c.yaml:3: key "a" is defined twice (first at line 2); keep one`},
		{"syntax", "ignore: [a\n", "c.yaml:1: did not find expected ',' or ']'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), "c.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error\n %q\nwant prefix\n %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestFindStopsAtTheGitRoot(t *testing.T) {
	home := t.TempDir()
	mustWrite(t, filepath.Join(home, ".qmslint.yaml"), "fail_on: never\n")
	repo := filepath.Join(home, "repo")
	mustWrite(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	qms := filepath.Join(repo, "qms", "procedures")
	if err := os.MkdirAll(qms, 0o755); err != nil {
		t.Fatal(err)
	}
	// The config above the repository never applies to it.
	if got, err := Find(qms); err != nil || got != "" {
		t.Errorf("Find = %q, %v; want none (the home config is outside the repository)", got, err)
	}
	// A config at the repository root applies to every directory in it.
	mustWrite(t, filepath.Join(repo, ".qmslint.yml"), "fail_on: major\n")
	if got, _ := Find(qms); got != filepath.Join(repo, ".qmslint.yml") {
		t.Errorf("Find = %q, want the repository's .qmslint.yml", got)
	}
	// The nearest wins, and .yaml before .yml.
	mustWrite(t, filepath.Join(repo, "qms", ".qmslint.yaml"), "")
	mustWrite(t, filepath.Join(repo, "qms", ".qmslint.yml"), "")
	if got, _ := Find(qms); got != filepath.Join(repo, "qms", ".qmslint.yaml") {
		t.Errorf("Find = %q, want qms/.qmslint.yaml", got)
	}
	// A worktree or submodule has a .git file, which also marks the root.
	sub := filepath.Join(repo, "qms", "sub")
	mustWrite(t, filepath.Join(sub, ".git"), "gitdir: ../.git/modules/sub\n")
	if got, _ := Find(sub); got != "" {
		t.Errorf("Find in a submodule = %q, want none", got)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(dir, "")
	if err != nil || c.File != "" || c.Dir == "" {
		t.Errorf("Load without a config = %+v, %v; want the defaults", c, err)
	}
	_, err = Load(dir, filepath.Join(dir, "missing.yaml"))
	if err == nil || !strings.Contains(err.Error(), "missing.yaml") || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Load of a missing --config = %v; want an error naming the file", err)
	}
	mustWrite(t, filepath.Join(dir, "sub", "q.yaml"), "policies: [rules]\n")
	c, err = Load(dir, filepath.Join(dir, "sub", "q.yaml"))
	if err != nil || c.PolicyDirs()[0] != filepath.Join(dir, "sub", "rules") {
		t.Errorf("policies resolve from the config's directory: %+v, %v", c, err)
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// AddsRules answers from the top-level keys of the configuration that
// applies, found as Load finds it, reading nothing it names.
func TestAddsRules(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"packs", "policies: [missing/pack]\n", true},
		{"an empty list of packs", "policies: []\n", true},
		{"catalogs", "catalogs: [missing.json]\n", true},
		{"neither", "standards: [ISO13485:2016]\nrules:\n  doc.owner-missing: {disabled: true}\n", false},
		{"an empty file", "", false},
		{"not a mapping", "- policies\n", true},
		{"not YAML", "policies: [\n", true},
	} {
		top := t.TempDir()
		if err := os.Mkdir(filepath.Join(top, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(top, ".qmslint.yaml"), []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		sub := filepath.Join(top, "qms")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if got := AddsRules(sub, ""); got != tc.want {
			t.Errorf("%s, found from a folder below: %v, want %v", tc.name, got, tc.want)
		}
		if got := AddsRules(t.TempDir(), filepath.Join(top, ".qmslint.yaml")); got != tc.want {
			t.Errorf("%s, named: %v, want %v", tc.name, got, tc.want)
		}
	}
	if AddsRules(t.TempDir(), "") {
		t.Error("no configuration: adds rules")
	}
	if !AddsRules(t.TempDir(), filepath.Join(t.TempDir(), "missing.yaml")) {
		t.Error("a named configuration that does not exist: adds none")
	}
}
