package lint

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
)

var asOf = time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)

// goodProcedure is valid in every respect but its review, last done more
// than the 12 months before asOf: its one finding shows the file was linted.
const goodProcedure = `---
id: SOP-001
kind: procedure
title: Control of documents
revision: 3
status: approved
owner: qa-manager
approvals:
  - {by: ann, role: QA/RA Manager, date: 2026-01-12}
effective: 2026-01-15
review: {interval_months: 12, last: 2026-01-12}
clauses: [ISO13485:4.2.4]
---

# Control of documents

## Purpose

## Scope

## Responsibilities
`

func writeFile(t testing.TB, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func bomb() string {
	var b strings.Builder
	b.WriteString("kind: risk-register\na: &a [x, x, x, x, x, x, x, x, x, x]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n")
		prev = name
	}
	return b.String()
}

// snapshot records every file's content and modification time.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		sum := ""
		if info.Mode().IsRegular() {
			raw, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h := sha256.Sum256(raw)
			sum = string(h[:])
		}
		out[p] = info.ModTime().String() + info.Mode().String() + sum
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBadInputs lints a repository full of broken files beside a good
// procedure: each broken file yields exactly one finding, the procedure is
// still judged, and nothing in the repository is written.
func TestBadInputs(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"procedures/SOP-001.md":  goodProcedure,
		"bad/malformed.md":       "---\nid: BAD-1\ntitle: [unclosed\n---\n",
		"bad/unterminated.md":    "---\nid: BAD-2\nkind: form\n\n# Body\n",
		"bad/latin1.md":          "---\nid: BAD-3\n---\nna\xefve\n",
		"bad/logo.md":            "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"bad/bomb.yaml":          bomb(),
		"bad/duplicate.md":       "---\nid: BAD-4\nkind: form\nid: BAD-5\n---\n",
		"bad/number-id.md":       "---\nid: 42\nkind: form\ntitle: Numbered\nstatus: draft\n---\n",
		"bad/empty.md":           "",
		"bad/list.md":            "---\n- id: BAD-6\n---\n",
		"bad/two-documents.yaml": "kind: inventory\nsites: []\n---\nkind: inventory\n",
		"bad/tabs.yaml":          "kind: inventory\nsites:\n\t- id: S-1\n",
		"bad/unknown-kind.yaml":  "id: SHEET-1\nkind: spreadsheet\n",
		"bad/deep.yaml":          "kind: inventory\nx: " + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + "\n",
		"bad/bom-crlf.md":        "\xef\xbb\xbf---\r\nid: WI-001\r\nkind: work-instruction\r\ntitle: Windows\r\nstatus: draft\r\n---\r\n# Steps\r\n",
	}
	for rel, content := range files {
		writeFile(t, root, rel, content)
	}
	big, err := os.Create(filepath.Join(root, "bad", "huge.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	big.Close()
	outside := t.TempDir()
	writeFile(t, outside, "secret.md", "---\nid: LEAK-1\n---\n")
	symlinks := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "bad", "link.md")) == nil

	before := snapshot(t, root)
	start := time.Now()
	res, err := Run(context.Background(), Options{Root: root, Date: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("lint took %s", d)
	}

	want := map[string]struct {
		rule    string
		line    int
		message string
	}{
		"bad/malformed.md":       {"parse.error", 3, "invalid YAML: did not find expected ',' or ']'"},
		"bad/unterminated.md":    {"parse.error", 1, "front matter opened with '---' on line 1 is never closed"},
		"bad/latin1.md":          {"parse.error", 4, "not valid UTF-8 (byte 0xef)"},
		"bad/logo.md":            {"parse.error", 3, "binary content"},
		"bad/bomb.yaml":          {"parse.error", -1, "alias bomb"},
		"bad/duplicate.md":       {"parse.error", 4, `key "id" is defined twice (first at line 2)`},
		"bad/number-id.md":       {"schema.invalid", 2, "id: expected a text value, got the number 42"},
		"bad/empty.md":           {"doc.front-matter-missing", 0, "no front matter"},
		"bad/list.md":            {"parse.error", 2, "front matter must be a mapping"},
		"bad/two-documents.yaml": {"parse.error", 4, "a second YAML document starts here"},
		"bad/tabs.yaml":          {"parse.error", 3, "indent YAML with spaces"},
		"bad/unknown-kind.yaml":  {"schema.invalid", 2, `kind: unknown kind "spreadsheet"`},
		"bad/deep.yaml":          {"parse.error", 2, "nested more than"},
		"bad/huge.md":            {"parse.skipped", 0, "over the 10 MB limit"},
	}
	if symlinks {
		want["bad/link.md"] = struct {
			rule    string
			line    int
			message string
		}{"parse.skipped", 0, "outside the repository; not followed"}
	}
	byFile := map[string][]finding.Finding{}
	for _, f := range res.Findings {
		byFile[f.File] = append(byFile[f.File], f)
		if strings.Contains(f.Message, "goroutine") || strings.Contains(f.Message, "panic") || strings.Contains(f.Message, "LEAK") {
			t.Errorf("finding leaks internals or outside content: %+v", f)
		}
	}
	for file, w := range want {
		got := byFile[file]
		if len(got) != 1 {
			t.Errorf("%s: %d findings %+v, want one %s", file, len(got), got, w.rule)
			continue
		}
		f := got[0]
		if f.Rule != w.rule || (w.line >= 0 && f.Line != w.line) || !strings.Contains(f.Message, w.message) {
			t.Errorf("%s: got %s at line %d %q; want %s at line %d containing %q", file, f.Rule, f.Line, f.Message, w.rule, w.line, w.message)
		}
	}
	// The good procedure and the BOM/CRLF one were read and judged.
	overdue := false
	for _, f := range byFile["procedures/SOP-001.md"] {
		overdue = overdue || (f.Rule == "doc.review-overdue" && f.Line == 11)
	}
	if !overdue {
		t.Errorf("procedures/SOP-001.md: findings %+v, want doc.review-overdue at line 11", byFile["procedures/SOP-001.md"])
	}
	for _, f := range byFile["bad/bom-crlf.md"] {
		if strings.HasPrefix(f.Rule, "parse.") {
			t.Errorf("bad/bom-crlf.md should parse: %+v", f)
		}
	}
	if after := snapshot(t, root); len(after) != len(before) {
		t.Errorf("lint changed the repository: %d entries before, %d after", len(before), len(after))
	} else {
		for p, s := range before {
			if after[p] != s {
				t.Errorf("lint changed %s", p)
			}
		}
	}
}

func TestFindingsArePlacedAtTheirSubject(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "a.md", goodProcedure)
	writeFile(t, root, "r.yaml", "id: RR-1\nkind: risk-register\nrisks:\n  - id: R-1\n    description: x\n    likelihood: 1\n    severity: 1\n")
	repo, err := load.Load(root, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rule := engine.Rule{ID: "x.y", Severity: "minor", Clauses: []string{"ISO13485:4.2.4"}}
	cfg := config.Default()
	cfg.Rules["x.y"] = config.RuleConfig{Severity: "major"}
	got := findings(repo, cfg, []engine.Result{
		{Rule: rule, Msg: "m", Subject: "R-1"},
		{Rule: rule, Msg: "m", Subject: "SOP-001/FRM-404"},
		{Rule: rule, Msg: "m", Subject: "SOP-001", File: "a.md", Pointer: "/review/last"},
		{Rule: rule, Msg: "m", Subject: "SOP-001", File: "a.md", Pointer: "/review/last"},
		{Rule: rule, Msg: "m", Subject: "nowhere"},
		{Rule: rule, Msg: "m", File: "a.md", Line: 7, HasLine: true},
	})
	// Columns in bytes; a rule that gives a line alone points at its start.
	want := []string{"x.y:nowhere@:0:0", "x.y:SOP-001/FRM-404@a.md:2:1", "x.y:a.md@a.md:7:1", "x.y:SOP-001@a.md:11:31", "x.y:R-1@r.yaml:4:5"}
	var have []string
	for _, f := range got {
		have = append(have, fmt.Sprintf("%s@%s:%d:%d", f.ID, f.File, f.Line, f.Column))
		if f.Severity != "major" {
			t.Errorf("%s: severity %s, want the configured major", f.ID, f.Severity)
		}
	}
	if !slices.Equal(have, want) {
		t.Errorf("findings %q, want %q (sorted, deduplicated, placed)", have, want)
	}
}

// Columns count bytes for text and JSON and UTF-16 code units for SARIF;
// they differ after an umlaut.
func TestColumnsAfterUmlauts(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "a.md", "---\nid: SOP-001\ntitle: Prüfung\nreferences: [Größe-1, FRM-404]\n---\n")
	repo, err := load.Load(root, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rule := engine.Rule{ID: "x.y", Severity: "minor"}
	got := findings(repo, config.Default(), []engine.Result{{Rule: rule, Msg: "m", Subject: "SOP-001/FRM-404", File: "a.md", Pointer: "/references/1"}})
	// "references: [Größe-1, " is 22 characters, 24 bytes.
	if f := got[0]; f.Line != 4 || f.Column != 25 || f.UTF16Column() != 23 {
		t.Errorf("finding at %d:%d (UTF-16 %d), want 4:25 (UTF-16 23)", f.Line, f.Column, f.UTF16Column())
	}
}

// A finding about the repository as a whole is placed at the
// configuration file, line 1 (also one in a parent directory), else at
// the quality manual, else nowhere: every format then shows that place.
func TestRepositoryWideFindingsPlace(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "qms")
	writeFile(t, root, "a.md", goodProcedure)
	writeFile(t, root, "manual/QM-001.md", "---\nid: QM-001\nkind: manual\n---\n")
	repo, err := load.Load(root, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rule := engine.Rule{ID: "x.y", Severity: "minor"}
	for _, tt := range []struct{ config, want string }{
		{filepath.Join(root, ".qmslint.yaml"), ".qmslint.yaml:1:1"},
		{filepath.Join(top, ".qmslint.yaml"), "../.qmslint.yaml:1:1"},
		{filepath.Join(t.TempDir(), "elsewhere", "q.yaml"), "manual/QM-001.md:1:1"},
		{"", "manual/QM-001.md:1:1"},
	} {
		cfg := config.Default()
		cfg.File = tt.config
		f := findings(repo, cfg, []engine.Result{{Rule: rule, Msg: "m"}})[0]
		if got := fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column); got != tt.want || f.ID != "x.y:repository" {
			t.Errorf("config %s: %s at %s, want x.y:repository at %s", tt.config, f.ID, got, tt.want)
		}
	}
}

// One broken document is one finding: the documents, risks and CAPAs that
// refer to it keep their references, because the loader still knows its
// id (from its id: line, else from its file name).
func TestParseErrorDoesNotCascade(t *testing.T) {
	root := t.TempDir()
	ref := func(id string) string {
		return strings.Replace(strings.Replace(goodProcedure, "id: SOP-001", "id: "+id, 1), "clauses: [ISO13485:4.2.4]", "clauses: [ISO13485:4.2.4]\nreferences: [SOP-005, FRM-002, SOP-404]", 1)
	}
	writeFile(t, root, "procedures/SOP-001.md", ref("SOP-001"))
	writeFile(t, root, "procedures/SOP-002.md", ref("SOP-002"))
	// A YAML error after the id line; a never-closed front matter whose id
	// only the file name gives.
	writeFile(t, root, "procedures/SOP-005-capa.md", "---\nid: SOP-005\ntitle: [unclosed\n---\n")
	writeFile(t, root, "forms/FRM-002-request.md", "---\nkind: form\ntitle: x: y: z\n")
	writeFile(t, root, "registers/risks.yaml", "id: RR-1\nkind: risk-register\nrisks:\n  - id: R-1\n    controls: [SOP-005, FRM-002]\n    likelihood: [\n")
	res, err := Run(context.Background(), Options{Root: root, Date: asOf, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	var refs, parse []string
	for _, f := range res.Findings {
		switch {
		case f.Rule == "parse.error":
			parse = append(parse, f.File)
		case strings.Contains(f.Message, "SOP-005") || strings.Contains(f.Message, "FRM-002"):
			refs = append(refs, f.ID)
		}
	}
	if len(parse) != 3 {
		t.Errorf("parse errors on %v, want the three broken files", parse)
	}
	if len(refs) > 0 {
		t.Errorf("references to documents that do not parse reported as broken: %v", refs)
	}
	// A reference to a document that does not exist at all still is.
	found := false
	for _, f := range res.Findings {
		found = found || f.ID == "doc.reference-broken:SOP-001/SOP-404"
	}
	if !found {
		t.Error("doc.reference-broken:SOP-001/SOP-404 missing: the test no longer exercises the rule")
	}
}

// A rule's grade of one finding replaces the rule's default; a severity
// set in .qmslint.yaml replaces both.
func TestFindingSeverityFromRule(t *testing.T) {
	repo, err := load.Load(t.TempDir(), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rule := engine.Rule{ID: "x.y", Severity: "major", Clauses: []string{"ISO13485:6.3"}}
	results := []engine.Result{{Rule: rule, Msg: "m", Subject: "a"}, {Rule: rule, Msg: "m", Subject: "b", Severity: "minor"}}
	sev := func(cfg *config.Config) string {
		var out []string
		for _, f := range findings(repo, cfg, results) {
			out = append(out, f.Subject+"="+f.Severity)
		}
		return strings.Join(out, " ")
	}
	if got := sev(config.Default()); got != "a=major b=minor" {
		t.Errorf("without configuration: %s, want a=major b=minor", got)
	}
	cfg := config.Default()
	cfg.Rules["x.y"] = config.RuleConfig{Severity: "observation"}
	if got := sev(cfg); got != "a=observation b=observation" {
		t.Errorf("re-graded in .qmslint.yaml: %s, want both observation", got)
	}
}

// A repository's max_memory may lower the memory budget, never raise it;
// --max-memory sets it either way.
func TestMemoryBudget(t *testing.T) {
	for _, tt := range []struct {
		flag, config, want int64
	}{
		{0, 0, engine.DefaultMemoryBudget},
		{0, 256 << 20, 256 << 20},
		{0, 64 << 30, engine.DefaultMemoryBudget},
		{4 << 30, 256 << 20, 4 << 30},
	} {
		if got := memoryBudget(Options{MaxMemory: tt.flag}, &config.Config{MaxMemory: tt.config}); got != tt.want {
			t.Errorf("flag %d, config %d: budget %d, want %d", tt.flag, tt.config, got, tt.want)
		}
	}
}

// findings resolves results into findings as a run of cfg's standards
// does.
func findings(repo *model.Repository, cfg *config.Config, results []engine.Result) []finding.Finding {
	return findingsAt(newIndex(repo), repo, cfg, cfg.Standards, results)
}
