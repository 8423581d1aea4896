// Package adopt brings an existing QMS under qmslint: it surveys a tree of
// documents written to another company's conventions (init) and rewrites
// their front matter into qmslint's own (import), never touching a body.
package adopt

import (
	"bytes"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/qmslint/qmslint/internal/dialect"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// Header kinds of a file as found.
const (
	headerNone   = ""
	headerFenced = dialect.HeaderFenced
	headerOpen   = dialect.HeaderOpen
)

var bom = []byte("\xef\xbb\xbf")

// source is one Markdown file split into its header and its body. The
// body is kept byte for byte: import writes it back unchanged.
type source struct {
	raw    []byte
	bom    bool
	header string // headerNone, headerFenced or headerOpen
	// yaml is the header's YAML, without fences.
	yaml []byte
	// body is everything after the header.
	body      []byte
	bodyStart int
	// meta is the header as written; nil without a header.
	meta map[string]any
	pos  yamlpos.Positions
	keys []string // the header's top-level keys in written order
}

func readSource(path string) (*source, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return splitSource(raw), nil
}

// splitSource finds a fenced header, else an open one (YAML from the first
// line to "---"), else none.
func splitSource(raw []byte) *source {
	s := &source{raw: raw, body: raw, bodyStart: 1}
	text := raw
	if bytes.HasPrefix(text, bom) {
		s.bom, text = true, text[len(bom):]
		s.body = text
	}
	if fm, body, start, ok := fenced(text); ok {
		if m, pos, keys, ok := decodeHeader(fm, 1); ok {
			s.header, s.yaml, s.body, s.bodyStart, s.meta, s.pos, s.keys = headerFenced, fm, body, start, m, pos, keys
		}
		return s
	}
	if fm, body, start, ok := dialect.SplitOpen(text); ok {
		if m, pos, keys, ok := decodeHeader(fm, 0); ok {
			s.header, s.yaml, s.body, s.bodyStart, s.meta, s.pos, s.keys = headerOpen, fm, body, start, m, pos, keys
		}
	}
	return s
}

// fenced splits "---\n<yaml>---\n<body>" as the loader does.
func fenced(src []byte) (fm, body []byte, bodyStart int, ok bool) {
	first, rest, found := bytes.Cut(src, []byte{'\n'})
	if !found || string(bytes.TrimRight(first, " \t\r")) != "---" {
		return nil, nil, 0, false
	}
	line, offset := 2, len(first)+1
	for len(rest) > 0 {
		l, next, _ := bytes.Cut(rest, []byte{'\n'})
		if t := string(bytes.TrimRight(l, " \t\r")); t == "---" || t == "..." {
			return src[len(first)+1 : offset], next, line + 1, true
		}
		offset += len(l) + 1
		line++
		rest = next
	}
	return nil, nil, 0, false
}

func decodeHeader(fm []byte, offset int) (map[string]any, yamlpos.Positions, []string, bool) {
	v, pos, err := yamlpos.Decode(fm, offset)
	if err != nil {
		return nil, nil, nil, false
	}
	m, ok := v.(map[string]any)
	if v == nil {
		m, ok = map[string]any{}, true
	}
	if !ok {
		return nil, nil, nil, false
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Written order, from the positions of the keys.
	sortByLine(keys, pos)
	return m, pos, keys, true
}

func sortByLine(keys []string, pos yamlpos.Positions) {
	line := func(k string) int { return pos[yamlpos.Pointer(k)].Line }
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && (line(keys[j]) < line(keys[j-1]) || line(keys[j]) == line(keys[j-1]) && keys[j] < keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

var (
	atxH1RE   = regexp.MustCompile(`^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	fenceRE   = regexp.MustCompile("^ {0,3}(```|~~~)")
	markupRE  = regexp.MustCompile("[*_`]+")
	linkTxtRE = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
)

// title is the text of the body's first level-1 heading, "" when none.
func title(body []byte) string {
	for l := range prose(body) {
		if m := atxH1RE.FindStringSubmatch(l); m != nil {
			return plain(m[1])
		}
	}
	return ""
}

// prose yields the lines of a body outside fenced code and HTML comments,
// where a line starting with '#' is a heading.
func prose(body []byte) iter.Seq[string] {
	return func(yield func(string) bool) {
		inFence, inComment := false, false
		for _, l := range strings.Split(string(body), "\n") {
			l = strings.TrimRight(l, "\r")
			t := strings.TrimSpace(l)
			switch {
			case inComment:
				inComment = !strings.Contains(t, "-->")
				continue
			case strings.HasPrefix(t, "<!--"):
				inComment = !strings.Contains(t, "-->")
				continue
			case fenceRE.MatchString(l):
				inFence = !inFence
				continue
			case inFence:
				continue
			}
			if !yield(l) {
				return
			}
		}
	}
}

func plain(s string) string {
	s = linkTxtRE.ReplaceAllString(s, "$1")
	return strings.TrimSpace(markupRE.ReplaceAllString(s, ""))
}

// blank reports whether a file holds nothing but white space.
func blank(raw []byte) bool {
	return len(bytes.TrimSpace(bytes.TrimPrefix(raw, bom))) == 0
}

func rel(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(r)
}

// Body returns the body of a Markdown file as import sees it: everything
// after its front matter (fenced or open), the bytes import never changes.
func Body(raw []byte) []byte { return splitSource(raw).body }
