package history

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/qmslint/qmslint/internal/gitrepo"
)

func TestParse(t *testing.T) {
	base := "---\nid: SOP-1\nrevision: 3\nstatus: approved\napprovals: [{by: A, date: 2026-01-01}]\nclauses: [ISO13485:4.2.4]\n---\n\n# Body\n\nText.\n"
	tests := []struct {
		name, src string
		same      bool
	}{
		{"identical", base, true},
		{"approval added", "---\nid: SOP-1\nrevision: 3\nstatus: approved\napprovals: [{by: A, date: 2026-01-01}, {by: B, date: 2026-02-01}]\nclauses: [ISO13485:4.2.4]\n---\n\n# Body\n\nText.\n", true},
		{"CRLF line ends are not a change", "---\r\nid: SOP-1\r\nrevision: 3\r\nstatus: approved\r\napprovals: [{by: A, date: 2026-01-01}]\r\nclauses: [ISO13485:4.2.4]\r\n---\r\n\r\n# Body\r\n\r\nText.\r\n", true},
		{"body changed", "---\nid: SOP-1\nrevision: 3\nstatus: approved\napprovals: [{by: A, date: 2026-01-01}]\nclauses: [ISO13485:4.2.4]\n---\n\n# Body\n\nOther text.\n", false},
		{"clause dropped", "---\nid: SOP-1\nrevision: 3\nstatus: approved\napprovals: [{by: A, date: 2026-01-01}]\nclauses: []\n---\n\n# Body\n\nText.\n", false},
	}
	want := Parse("a.md", []byte(base))
	if want.ID != "SOP-1" || want.Revision != "3" {
		t.Fatalf("Parse = %+v", want)
	}
	for _, tt := range tests {
		got := Parse("a.md", []byte(tt.src))
		if (got.Content() == want.Content()) != tt.same {
			t.Errorf("%s: same content = %v, want %v", tt.name, !tt.same, tt.same)
		}
	}
	if d := Parse("a.md", []byte("# no front matter\n")); d.ID != "" {
		t.Errorf("no front matter: %+v", d)
	}
	if d := Parse("r.yaml", []byte("id: RR-1\nkind: risk-register\nrevision: 2\n")); d.ID != "RR-1" || d.Revision != "2" {
		t.Errorf("YAML: %+v", d)
	}
}

// Ident reads the id and revision Parse reads, by its own path for plain
// YAML: every file of the reference QMS and the corpora beside the
// repository, and the shapes plain YAML parsers get wrong.
func TestIdentAgreesWithParse(t *testing.T) {
	srcs := map[string]string{
		"two.yaml":      "id: A-1\nrevision: 2\n---\nid: B-2\nrevision: 3\n",
		"dash.yaml":     "---\nid: A-1\nrevision: 2\n",
		"list.yaml":     "- id: A-1\n",
		"scalar.md":     "---\njust text\n---\nbody\n",
		"empty.md":      "---\n---\nbody\n",
		"null.md":       "---\nid: null\nrevision: null\n---\n",
		"float.md":      "---\nid: A-1\nrevision: 1.10\n---\n",
		"octal.md":      "---\nid: A-1\nrevision: 010\n---\n",
		"date.md":       "---\nid: A-1\nrevision: 2026-01-02\n---\n",
		"bool.md":       "---\nid: true\nrevision: yes\n---\n",
		"quoted.md":     "---\nid: 'A-1'\nrevision: \"2\"\n---\n",
		"dup.md":        "---\nid: A-1\nid: A-2\n---\n",
		"crlf.md":       "---\r\nid: A-1\r\nrevision: 4\r\n---\r\n",
		"bom.md":        "\ufeff---\nid: A-1\nrevision: 4\n---\n",
		"tab.md":        "---\nid:\tA-1\n---\n",
		"nested.md":     "---\nid: A-1\nreview: {last: 2026-01-01}\nrevision: [1, 2]\n---\n",
		"unclosed.md":   "---\nid: A-1\n",
		"bad.yaml":      "id: [A-1\n",
		"anchor.yaml":   "id: &x A-1\nrevision: *x\n",
		"number-id.yml": "id: 12\nrevision: -3\n",
	}
	for _, root := range []string{"../../qms", "../../../shared/corpora"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && isDocument(d.Name()) {
				if b, err := os.ReadFile(p); err == nil {
					srcs[p] = string(b)
				}
			}
			return nil
		})
	}
	if len(srcs) < 40 {
		t.Fatalf("only %d files to compare: the reference QMS is missing", len(srcs))
	}
	for p, src := range srcs {
		got, want := Ident(p, []byte(src)), Parse(p, []byte(src))
		if got.ID != want.ID || got.Revision != want.Revision {
			t.Errorf("%s: Ident = %q %q, Parse = %q %q", p, got.ID, got.Revision, want.ID, want.Revision)
		}
	}
}

// contentChanged skips the digests where they must differ; it must answer
// as comparing them does, whatever the two sides are.
func TestContentChangedAsDigests(t *testing.T) {
	sides := [][]byte{nil,
		[]byte("---\nid: A-1\nrevision: 1\n---\nText.\n"),
		[]byte("---\nid: A-1\nrevision: 2\n---\nText.\n"),
		[]byte("---\nid: A-1\nrevision: 2\n---\nOther text.\n"),
		[]byte("---\nid: B-1\nrevision: 1\n---\nText.\n"),
		[]byte("---\nrevision: 1\n---\nText.\n"),
		[]byte("---\nid: [A-1\n---\nText.\n"),
		[]byte("# no front matter\n"),
	}
	for _, a := range sides {
		for _, b := range sides {
			c := gitrepo.Change{Path: "d.md", Before: a, After: b}
			before, after := Ident(c.Path, a), Ident(c.Path, b)
			if before.ID == "" && after.ID == "" {
				continue // not an entry
			}
			want := Parse(c.Path, a).Content() != Parse(c.Path, b).Content()
			if got := contentChanged(c, before, after); got != want {
				t.Errorf("%q → %q: contentChanged = %v, digests differ = %v", a, b, got, want)
			}
		}
	}
}

// The history sees the front matter the loader sees (internal/load): a
// lint takes the id and revision of the work tree's versions from the
// loader's parse.
func TestFrontMatterAsTheLoaderSplitsIt(t *testing.T) {
	for name, src := range map[string]string{
		"fence with blanks": "--- \t\nid: A-1\nrevision: 2\n---  \n# A\n",
		"carriage returns":  "---\rid: A-1\rrevision: 2\r---\r# A\r",
	} {
		if d := Ident("a.md", []byte(src)); d.ID != "A-1" || d.Revision != "2" {
			t.Errorf("%s: Ident = %+v", name, d)
		}
		if d := Parse("a.md", []byte(src)); d.ID != "A-1" || d.Revision != "2" {
			t.Errorf("%s: Parse = %+v", name, d)
		}
	}
}
