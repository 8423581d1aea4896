package load

import (
	"bytes"
	"testing"

	"github.com/qmslint/qmslint/internal/model"
)

// FuzzFrontMatter checks the split of a Markdown file: the body is what
// follows the front matter, and bodyStart is its line in the file.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\nid: A\n---\n# Title\n",
		"---\r\nid: A\r\n...\r\nbody",
		"\xef\xbb\xbf---\nid: A\n---\n",
		"---\nid: A\n",
		"no front matter\n---\n",
		"---",
		"--- \t\n---\n\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, bodyStart, ok, err := frontMatter(src)
		trimmed := bytes.TrimPrefix(src, bom)
		if err != nil {
			if !ok || body != nil {
				t.Fatalf("error %v with ok=%v body=%q", err, ok, body)
			}
			return
		}
		if !bytes.HasSuffix(trimmed, body) {
			t.Fatalf("body %q is not the end of the file", body)
		}
		before := trimmed[:len(trimmed)-len(body)]
		if got := bytes.Count(before, []byte{'\n'}) + 1; got != bodyStart && len(body) > 0 {
			t.Fatalf("bodyStart %d, but the body starts on line %d", bodyStart, got)
		}
		if !ok {
			if fm != nil || len(body) != len(trimmed) {
				t.Fatalf("no front matter, but fm=%q body=%q", fm, body)
			}
			return
		}
		if !bytes.Contains(before, fm) {
			t.Fatalf("front matter %q is not part of the file", fm)
		}
	})
}

// FuzzParseFile parses arbitrary content as a Markdown and as a YAML file:
// no panic, every problem names the file, and every line is inside it.
func FuzzParseFile(f *testing.F) {
	for _, s := range []string{
		"---\nid: SOP-1\nkind: procedure\n---\n# Purpose\n[a](b.md)\n",
		"---\n- a\n- b\n---\n",
		"id: RR-1\nkind: risk-register\nrisks:\n  - id: R-1\n",
		"\x00\x01binary",
		"\xff\xfeb\x00a\x00d\x00",
		"---\r\nid: A\r\n---\r\n## H\r\n",
		"# T\n\n[x]: <>\n[y][x]\n",
		"* [a\n](b)\n",
	} {
		f.Add([]byte(s))
	}
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := lineBreaks(src) + 1
		for _, rel := range []string{"d/x.md", "d/x.yaml"} {
			r := parseSource(root, rel, src)
			for _, p := range r.problems {
				if p.File != rel || p.Subject == "" || p.Msg == "" || p.Line < 0 || p.Line > lines+1 {
					t.Fatalf("%s: bad problem %+v (file has %d lines)", rel, p, lines)
				}
			}
			if r.file.Failed != (len(r.problems) > 0) {
				t.Fatalf("%s: failed=%v with problems %v", rel, r.file.Failed, r.problems)
			}
			if d := r.doc; d != nil {
				checkDoc(t, d, lines)
			}
		}
	})
}

func checkDoc(t *testing.T, d *model.Document, lines int) {
	for _, h := range d.Headings {
		if h.Line < d.BodyStart || h.Line > lines {
			t.Fatalf("heading %+v outside the body (lines %d..%d)", h, d.BodyStart, lines)
		}
	}
	for _, l := range d.Links {
		if l.Line < d.BodyStart || l.Line > lines {
			t.Fatalf("link %+v outside the body (lines %d..%d)", l, d.BodyStart, lines)
		}
	}
	for ptr, p := range d.Pos {
		if p.Line < 1 || p.Line > lines {
			t.Fatalf("field %q at line %d, outside the file", ptr, p.Line)
		}
	}
}

// lineBreaks counts what YAML counts as line breaks: LF, a CR not followed
// by LF, and NEL, LS and PS (rare outside hostile input; positions after
// them are as YAML counts them).
func lineBreaks(src []byte) int {
	n := bytes.Count(src, []byte{'\n'}) + bytes.Count(src, []byte("\u0085")) + bytes.Count(src, []byte("\u2028")) + bytes.Count(src, []byte("\u2029"))
	for i, c := range src {
		if c == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			n++
		}
	}
	return n
}
