package load

import (
	"bytes"
	"errors"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/qmslint/qmslint/internal/dialect"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// md is shared: goldmark parsers keep no state between Parse calls.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
	goldmark.WithParserOptions(parser.WithParagraphTransformers(util.Prioritized(linklessParagraphs{}, 1000))),
)

// linklessParagraphs empties a paragraph that has no '[' before goldmark
// parses its inline content, leaving the block structure as it is: the outline takes only headings (which are
// not paragraphs) and links, a link needs a '[', and most prose has none.
// Inline parsing was a sixth of goldmark's time. It runs after the table
// transformer (priority 200), so table cells keep their links.
type linklessParagraphs struct{}

func (linklessParagraphs) Transform(n *ast.Paragraph, r text.Reader, _ parser.Context) {
	// A paragraph is also handed over when an underline below makes it a
	// setext heading, which takes its lines.
	if line, _ := r.PeekLine(); setextBar.Match(line) {
		return
	}
	lines := n.Lines()
	if lines.Len() == 0 {
		return
	}
	src := r.Source()
	for i := 0; i < lines.Len(); i++ {
		if seg := lines.At(i); bytes.IndexByte(seg.Value(src), '[') >= 0 {
			return
		}
	}
	// One empty line rather than none: goldmark removes a paragraph without
	// lines, and a list item that loses its only paragraph reads the lines
	// after it differently.
	empty := text.NewSegments()
	start := lines.At(0).Start
	empty.Append(text.NewSegment(start, start))
	n.SetLines(empty)
}

// setextBar is a line of '=' or '-' under a heading's text, trailing
// blanks as goldmark counts them (tab, line feed, carriage return, space).
var setextBar = regexp.MustCompile(`^ {0,3}(?:=+|-+)[\t\n\r ]*$`)

var bom = []byte("\xef\xbb\xbf")

// frontMatter splits "---\n<yaml>\n---\n<body>". fmLines is the number of
// lines before the YAML (1: the opening fence); bodyStart is the first body
// line. ok is false when the file has no front matter at all.
func frontMatter(src []byte) (fm []byte, body []byte, bodyStart int, ok bool, err error) {
	src = bytes.TrimPrefix(src, bom)
	first, rest, found := bytes.Cut(src, []byte{'\n'})
	if !found || string(bytes.TrimRight(first, " \t\r")) != "---" {
		return nil, src, 1, false, nil
	}
	line := 2
	offset := len(first) + 1
	for len(rest) > 0 {
		l, next, _ := bytes.Cut(rest, []byte{'\n'})
		t := string(bytes.TrimRight(l, " \t\r"))
		if t == "---" || t == "..." {
			fm = src[len(first)+1 : offset]
			return fm, next, line + 1, true, nil
		}
		offset += len(l) + 1
		line++
		rest = next
	}
	return nil, nil, 0, true, errors.New("front matter opened with '---' on line 1 is never closed; add a line with '---' after the last field")
}

func parseMarkdown(root, rel string, src []byte, r result, rd reader) result {
	d := rd.dialect
	fm, body, bodyStart, has, err := frontMatter(src)
	if err != nil {
		// The front matter is never closed: all of the file is its text.
		r.failed(rel, src)
		r.problems = append(r.problems, model.Problem{Rule: model.RuleParseError, File: rel, Line: 1, Subject: rel, Msg: err.Error()})
		return r
	}
	// Lines of the file before the YAML: the opening fence, or none.
	fmOffset := 1
	if !has && d != nil && d.Header == dialect.HeaderOpen {
		if f, b, start, ok := dialect.SplitOpen(bytes.TrimPrefix(src, bom)); ok && isMapping(f) {
			fm, body, bodyStart, has, fmOffset = f, b, start, true, 0
		}
	}
	headings, links := outline(root, rel, body, bodyStart)
	r.file.Claims = rd.claims.Extract(body, bodyStart)
	var meta map[string]any
	var pos yamlpos.Positions
	if has {
		v, p, err := yamlpos.Decode(fm, fmOffset)
		if err != nil {
			r.failed(rel, fm)
			return yamlFailure(r, rel, err, 1)
		}
		m, isMap := v.(map[string]any)
		if v == nil {
			m, isMap = map[string]any{}, true
		}
		if !isMap {
			r.failed(rel, fm)
			r.problems = append(r.problems, model.Problem{Rule: model.RuleParseError, File: rel, Line: 2, Subject: rel, Msg: "front matter must be a mapping of fields (id: ..., kind: ...), not a list or a single value"})
			return r
		}
		meta, pos = d.Apply(m, p)
	}
	if tm, tp, ok := d.FromTable(body, bodyStart); ok {
		meta, pos = fillFrom(meta, pos, tm, tp)
		has = true
	}
	if !has {
		// Uncontrolled: rules see its outline but it counts as no document.
		return r
	}
	r.file.Controlled = true
	r.file.Kind = model.Kind(meta)
	if r.file.Kind != "manual" {
		// Its facts are extracted: holding every file's text until the
		// run ends was a sixth of a large lint's live heap. A fresh empty
		// slice, since any slice of body keeps all of the file alive.
		body = []byte{}
	}
	r.doc = &model.Document{File: rel, Line: 1, Meta: meta, Pos: pos, Headings: headings, Links: links, Body: body, BodyStart: bodyStart}
	return r
}

// isMapping reports whether an open header is YAML fields: a first line
// such as "Note: ..." above a thematic break is prose, not a header.
func isMapping(fm []byte) bool {
	v, _, err := yamlpos.Decode(fm, 0)
	_, ok := v.(map[string]any)
	return err == nil && ok
}

// fillFrom adds the fields of a metadata table that the front matter does
// not set: the front matter, written for machines, wins.
func fillFrom(meta map[string]any, pos yamlpos.Positions, tm map[string]any, tp yamlpos.Positions) (map[string]any, yamlpos.Positions) {
	if meta == nil {
		meta, pos = map[string]any{}, yamlpos.Positions{}
	}
	for k, v := range tm {
		if _, set := meta[k]; set {
			continue
		}
		meta[k] = v
		for p, at := range tp {
			if p == "/"+k || strings.HasPrefix(p, "/"+k+"/") {
				pos[p] = at
			}
		}
	}
	return meta, pos
}

func yamlFailure(r result, rel string, err error, fallbackLine int) result {
	r.file.Failed = true
	line, msg := fallbackLine, err.Error()
	var ye *yamlpos.Error
	if errors.As(err, &ye) {
		line, msg = ye.Line, ye.Msg
	}
	r.problems = append(r.problems, model.Problem{Rule: model.RuleParseError, File: rel, Line: line, Subject: rel, Msg: "invalid YAML: " + msg})
	return r
}

// outline extracts headings and links, with file line numbers.
func outline(root, rel string, body []byte, bodyStart int) ([]model.Heading, []model.Link) {
	return outlineWith(md.Parser(), root, rel, body, bodyStart)
}

// outlineWith is outline with the given parser; tests compare md with one
// that parses every paragraph.
func outlineWith(p parser.Parser, root, rel string, body []byte, bodyStart int) ([]model.Heading, []model.Link) {
	li := newLineIndex(body, bodyStart)
	doc := p.Parse(text.NewReader(body))
	var headings []model.Heading
	var links []model.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			line := bodyStart
			if n.Lines().Len() > 0 {
				line = li.line(n.Lines().At(0).Start)
			}
			headings = append(headings, model.Heading{Level: n.Level, Text: plainText(n, body), Line: line})
		case *ast.Link:
			links = append(links, link(root, rel, string(n.Destination), inlineLine(n, li, bodyStart)))
		}
		return ast.WalkContinue, nil
	})
	return headings, links
}

// plainText concatenates the text segments under n.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch t := c.(type) {
			case *ast.Text:
				b.Write(t.Segment.Value(src))
				if t.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// inlineLine finds the line of an inline node through its first text
// segment, or its enclosing block.
func inlineLine(n ast.Node, li lineIndex, fallback int) int {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return li.line(t.Segment.Start)
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return li.line(p.Lines().At(0).Start)
		}
	}
	return fallback
}

func link(root, rel, target string, line int) model.Link {
	l := model.Link{Target: target, Line: line}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return l // external, mail, pure fragment or unparsable: not ours
	}
	l.Local = true
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(path.Dir(rel), p)
	} else {
		p = strings.TrimPrefix(p, "/")
	}
	l.Path = path.Clean(p)
	if l.Path == ".." || strings.HasPrefix(l.Path, "../") {
		// A link leaving the repository is not checked: its existence
		// depends on the machine, and telling policies which files exist
		// outside the root would let them probe the machine.
		return model.Link{Target: target, Line: line}
	}
	// Exists is settled by Load once every file is parsed (resolveLinks),
	// with one lookup per distinct target rather than one stat per link.
	return l
}
