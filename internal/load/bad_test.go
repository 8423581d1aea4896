package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/model"
)

const goodDoc = `---
id: SOP-001
kind: procedure
title: Good
---
# Purpose
`

func write(t *testing.T, root, rel string, content []byte) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
}

func bombYAML(levels int) string {
	var b strings.Builder
	b.WriteString("kind: risk-register\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < levels; i++ {
		b.WriteString("l" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*l" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// TestBadInput loads a repository holding one bad file beside a good
// document: the bad file gives exactly the problem expected (or none, when
// a later stage reports it) and the good document is still loaded.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		make  func(t *testing.T, root, rel string) // nil: write content
		src   string
		rule  string // "" when the loader accepts the file
		line  int
		msg   string
		check func(t *testing.T, repo *model.Repository)
	}{
		{name: "malformed YAML front matter", file: "a.md", src: "---\nid: A\ntitle: [unclosed\n---\n# A\n", rule: model.RuleParseError, line: 3, msg: "invalid YAML: did not find expected ',' or ']'"},
		{name: "unterminated front matter", file: "a.md", src: "---\nid: A\nkind: form\n\n# A\n", rule: model.RuleParseError, line: 1, msg: "never closed"},
		{name: "invalid UTF-8", file: "a.md", src: "---\nid: A\n---\nna\xefve\n", rule: model.RuleParseError, line: 4, msg: "not valid UTF-8 (byte 0xef)"},
		{name: "binary named .md", file: "logo.md", src: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", rule: model.RuleParseError, line: 3, msg: "binary content"},
		{name: "UTF-16", file: "a.md", src: "\xff\xfe-\x00-\x00-\x00", rule: model.RuleParseError, line: 1, msg: "UTF-16"},
		{name: "alias bomb", file: "bomb.yaml", src: bombYAML(9), rule: model.RuleParseError, line: -1, msg: "alias bomb"},
		{name: "duplicate keys", file: "a.md", src: "---\nid: A\nkind: form\nid: B\n---\n", rule: model.RuleParseError, line: 4, msg: `key "id" is defined twice (first at line 2)`},
		{name: "front matter is a list", file: "a.md", src: "---\n- id: A\n---\n", rule: model.RuleParseError, line: 2, msg: "must be a mapping"},
		{name: "second YAML document in a register", file: "r.yaml", src: "kind: inventory\nsites: []\n---\nkind: inventory\n", rule: model.RuleParseError, line: 4, msg: "second YAML document"},
		{name: "tabs in YAML", file: "r.yaml", src: "kind: inventory\nsites:\n\t- id: S-1\n", rule: model.RuleParseError, line: 3, msg: "indent YAML with spaces"},
		{name: "deeply nested YAML", file: "r.yaml", src: "kind: inventory\nx: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n", rule: model.RuleParseError, line: 2, msg: "nested more than"},
		{name: "50 MB file", file: "huge.md", make: func(t *testing.T, root, rel string) {
			f, err := os.Create(filepath.Join(root, rel))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			// Sparse: the size is what matters, and the file is never read.
			if err := f.Truncate(50 << 20); err != nil {
				t.Fatal(err)
			}
		}, rule: model.RuleParseSkipped, line: 0, msg: "file is 50.0 MB, over the 10 MB limit"},
		{name: "symlink outside the root", file: "secret.md", make: func(t *testing.T, root, rel string) {
			outside := filepath.Join(t.TempDir(), "secret.md")
			write(t, filepath.Dir(outside), "secret.md", []byte("---\nid: LEAK\n---\n"))
			if err := os.Symlink(outside, filepath.Join(root, rel)); err != nil {
				t.Skip("no symlinks here:", err)
			}
		}, rule: model.RuleParseSkipped, line: 0, msg: "outside the repository; not followed", check: func(t *testing.T, repo *model.Repository) {
			for _, d := range repo.Documents {
				if model.ID(d.Meta) == "LEAK" {
					t.Error("the link target outside the root was read")
				}
			}
		}},
		{name: "symlink inside the root is not read twice", file: "alias.md", make: func(t *testing.T, root, rel string) {
			if err := os.Symlink("good.md", filepath.Join(root, rel)); err != nil {
				t.Skip("no symlinks here:", err)
			}
		}, check: func(t *testing.T, repo *model.Repository) {
			if len(repo.Documents) != 1 {
				t.Errorf("%d documents, want only good.md", len(repo.Documents))
			}
		}},
		{name: "empty Markdown file", file: "empty.md", src: "", check: func(t *testing.T, repo *model.Repository) {
			if f := fileOf(repo, "empty.md"); f == nil || f.Controlled || f.Failed {
				t.Errorf("empty.md = %+v, want an uncontrolled file", f)
			}
		}},
		{name: "empty YAML file", file: "empty.yaml", src: "", check: func(t *testing.T, repo *model.Repository) {
			if f := fileOf(repo, "empty.yaml"); f == nil || f.Controlled || f.Failed {
				t.Errorf("empty.yaml = %+v, want a file outside the QMS", f)
			}
		}},
		{name: "id that is a number", file: "a.md", src: "---\nid: 42\nkind: form\n---\n", check: func(t *testing.T, repo *model.Repository) {
			// The schema reports it; the loader keeps the value as written.
			d := docOf(repo, "a.md")
			if d == nil || d.Meta["id"] != int64(42) || d.Pos["/id"].Line != 2 {
				t.Errorf("a.md = %+v, want id 42 at line 2", d)
			}
		}},
		{name: "unknown kind", file: "r.yaml", src: "kind: spreadsheet\nrows: []\n", check: func(t *testing.T, repo *model.Repository) {
			// A YAML file declaring a kind is part of the QMS; the schema
			// names the kinds it knows.
			if len(repo.Registers) != 1 || model.Kind(repo.Registers[0].Data) != "spreadsheet" {
				t.Errorf("registers = %+v, want r.yaml with its unknown kind", repo.Registers)
			}
		}},
		{name: "BOM and CRLF", file: "a.md", src: "\xef\xbb\xbf---\r\nid: A\r\nkind: form\r\n---\r\n\r\n# Title\r\n", check: func(t *testing.T, repo *model.Repository) {
			d := docOf(repo, "a.md")
			if d == nil || model.ID(d.Meta) != "A" || len(d.Headings) != 1 || d.Headings[0].Line != 6 || d.Headings[0].Text != "Title" {
				t.Errorf("a.md = %+v, want id A and heading Title at line 6", d)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, root, "good.md", []byte(goodDoc))
			if tt.make != nil {
				tt.make(t, root, tt.file)
			} else {
				write(t, root, tt.file, []byte(tt.src))
			}
			repo, err := Load(root, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := docOf(repo, "good.md"); d == nil || model.ID(d.Meta) != "SOP-001" {
				t.Errorf("good.md was not loaded beside the bad file")
			}
			var got []model.Problem
			for _, p := range repo.Problems {
				if p.File == tt.file {
					got = append(got, p)
				} else {
					t.Errorf("unexpected problem %+v", p)
				}
			}
			switch {
			case tt.rule == "" && len(got) > 0:
				t.Errorf("problems %+v, want none", got)
			case tt.rule != "" && len(got) != 1:
				t.Errorf("problems %+v, want exactly one", got)
			case tt.rule != "":
				p := got[0]
				if p.Rule != tt.rule || p.Subject != tt.file || !strings.Contains(p.Msg, tt.msg) || (tt.line >= 0 && p.Line != tt.line) {
					t.Errorf("problem %+v, want rule %s line %d message containing %q", p, tt.rule, tt.line, tt.msg)
				}
				if strings.Contains(p.Msg, "goroutine") || strings.Contains(p.Msg, "panic") {
					t.Errorf("message leaks internals: %s", p.Msg)
				}
			}
			if tt.check != nil {
				tt.check(t, repo)
			}
		})
	}
}

func fileOf(repo *model.Repository, rel string) *model.File {
	for i := range repo.Files {
		if repo.Files[i].Path == rel {
			return &repo.Files[i]
		}
	}
	return nil
}

func docOf(repo *model.Repository, rel string) *model.Document {
	for _, d := range repo.Documents {
		if d.File == rel {
			return d
		}
	}
	return nil
}
