package load

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// everyParagraph is md without linklessParagraphs: the outline it gives is
// the reference the shortcut must reproduce.
var everyParagraph = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

func sameOutline(t *testing.T, name string, body []byte) {
	t.Helper()
	h, l := outline("/repo", "docs/a.md", body, 5)
	wh, wl := outlineWith(everyParagraph.Parser(), "/repo", "docs/a.md", body, 5)
	if !reflect.DeepEqual(h, wh) || !reflect.DeepEqual(l, wl) {
		t.Errorf("%s: skipping linkless paragraphs changes the outline:\nheadings %v\nwant     %v\nlinks %v\nwant  %v", name, h, wh, l, wl)
	}
}

var outlineSeeds = []string{
	"# Title\n\nProse without links.\n\nSee [a](a.md).\n",
	"Scope\n-----\n\nText\n=====\n\nPlain\n  ---\n",
	"- item one\n- item [two](b.md)\n\n> quoted\n> [link](c.md)\n",
	"| a | b |\n|---|---|\n| [x](x.md) | y |\n\n[ref]: r.md\n\nUses [ref].\n",
	"Lazy\ncontinuation [l](l.md)\n\n    code [not](link.md)\n",
	"![image](i.png) and <https://auto.example> and <a href=\"x.md\">html</a>\n",
	"Two\nlines\n---\n\n* * *\n\nAfter a break\n",
	"0\n-\r \nUnder\n==\t\n",
}

// TestLinklessParagraphsKeepTheOutline compares the outline with and
// without the shortcut on hand-made cases, the reference QMS, the
// examples, the test inputs and (when present) the shared corpora.
func TestLinklessParagraphsKeepTheOutline(t *testing.T) {
	for i, s := range outlineSeeds {
		sameOutline(t, "seed "+string(rune('0'+i)), []byte(s))
	}
	n := 0
	for _, root := range []string{"../../qms", "../../examples", "../../internal", "../../docs", "../../../shared/corpora"} {
		if _, err := os.Stat(root); err != nil {
			continue
		}
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			n++
			sameOutline(t, path, src)
			return nil
		})
	}
	if n < 100 {
		t.Fatalf("compared %d Markdown files; the corpora are missing", n)
	}
}

func FuzzLinklessParagraphs(f *testing.F) {
	for _, s := range outlineSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sameOutline(t, "fuzz", body)
	})
}

// BenchmarkOutline reads the outline of a body like the benchmark
// corpus's (sections of prose with links, lists) with and without
// skipping linkless paragraphs:
//
//	go test -run '^$' -bench Outline -benchmem ./internal/load
func BenchmarkOutline(b *testing.B) {
	var body bytes.Buffer
	body.WriteString("# Procedure\n\n")
	for _, s := range []string{"Purpose", "Scope", "Responsibilities", "Procedure", "Records"} {
		fmt.Fprintf(&body, "## %s\n\nThis section explains the %s for the team. It refers to the\n[related document](../records/REC-1.md) and to [the risk register](/registers/risks.yaml),\nwith **emphasis**, `code` and a list:\n\n- first step, checked by the *owner*\n- second step, recorded on the form\n\nA closing paragraph of plain prose, with *emphasis* and no link at all,\nwritten over two lines.\n\n", s, strings.ToLower(s))
	}
	for name, p := range map[string]parser.Parser{"linkless-skipped": md.Parser(), "every-paragraph": everyParagraph.Parser()} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				outlineWith(p, "/repo", "procedures/SOP-1.md", body.Bytes(), 10)
			}
		})
	}
}

// Only the manual keeps its text (the report's cover quotes it); every
// other document drops it once its outline is taken, and stays Markdown.
func TestOnlyTheManualKeepsItsBody(t *testing.T) {
	for kind, keep := range map[string]bool{"manual": true, "procedure": false, "record": false} {
		src := "---\nid: X-1\nkind: " + kind + "\n---\n# Title\n\nAcme GmbH makes things. See [it](x.md).\n"
		r := parseSource(t.TempDir(), "x.md", []byte(src))
		if r.doc == nil {
			t.Fatalf("%s: no document", kind)
		}
		if got := string(r.doc.Body); (got != "") != keep || r.doc.Body == nil {
			t.Errorf("%s: body %q (nil: %v), want kept: %v", kind, got, r.doc.Body == nil, keep)
		}
		if len(r.doc.Headings) != 1 || len(r.doc.Links) != 1 {
			t.Errorf("%s: outline %+v %+v", kind, r.doc.Headings, r.doc.Links)
		}
	}
}
