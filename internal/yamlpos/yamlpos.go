// Package yamlpos decodes YAML into plain Go values (the shape encoding/json
// produces) while remembering where every value came from.
//
// yaml.v3 decoding into interface{} loses positions and turns unquoted dates
// into time.Time, and its duplicate-key and alias checks only apply to typed
// decoding. Walking the node tree ourselves gives exact file:line for every
// field, keeps dates as the text the author wrote, and lets us bound alias
// expansion so a "billion laughs" document cannot exhaust memory.
package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Pos is a 1-based line and column in the source file. Col counts bytes,
// as gcc, go vet and golangci-lint do; Col16 counts UTF-16 code units, as
// SARIF and LSP do, and is 0 where it equals Col (everywhere before the
// first non-ASCII character of a line, which is almost everywhere).
type Pos struct {
	Line  int `json:"line"`
	Col   int `json:"col"`
	Col16 int `json:"col16,omitempty"`
}

// UTF16 is the column in UTF-16 code units.
func (p Pos) UTF16() int {
	if p.Col16 != 0 {
		return p.Col16
	}
	return p.Col
}

// Positions maps a JSON pointer ("" for the root, "/approvals/0/date") to
// where that value's key (or, for list elements, the value) was written.
type Positions map[string]Pos

// Lookup returns the position of pointer, or of its closest ancestor that has
// one, so a finding about a missing field still points at its parent.
func (p Positions) Lookup(pointer string) (Pos, bool) {
	for {
		if pos, ok := p[pointer]; ok {
			return pos, true
		}
		if pointer == "" {
			return Pos{}, false
		}
		i := strings.LastIndexByte(pointer, '/')
		if i < 0 {
			pointer = ""
		} else {
			pointer = pointer[:i]
		}
	}
}

// Error is a YAML problem at a position. Line is relative to the decoded
// text; callers shift it when the YAML was embedded (front matter).
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// MaxNodes bounds the number of values a document may expand to. A 10 MB
// register written out by hand stays well below it.
const MaxNodes = 1_000_000

// MaxAliasNodes bounds the values produced by expanding aliases. Anchors are
// used for a shared approval block or a default rating, a few dozen values
// each; a "billion laughs" document needs millions.
const MaxAliasNodes = 100_000

// MaxDepth bounds nesting. No QMS file nests beyond a handful of levels;
// the limit keeps a hostile file from exhausting the stack.
const MaxDepth = 200

// Decode parses one YAML document. lineOffset is added to every reported line
// (the number of lines preceding the YAML in its file).
func Decode(src []byte, lineOffset int) (any, Positions, error) {
	v, pos, ok := decodeFast(src, lineOffset)
	if !ok {
		var err error
		if v, pos, err = decodeNodes(src, lineOffset); err != nil {
			return nil, nil, err
		}
	}
	byteColumns(src, lineOffset, pos)
	return v, pos, nil
}

// decodeNodes decodes src through yaml.v3's node tree: any YAML at all.
func decodeNodes(src []byte, lineOffset int) (any, Positions, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Positions{}, nil
		}
		return nil, nil, yamlError(err, src, lineOffset)
	}
	// A second document in a register is almost always a mistake ("---"
	// used as a separator) and would silently be ignored.
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		line := extra.Line
		if len(extra.Content) > 0 {
			line = extra.Content[0].Line
		}
		return nil, nil, &Error{Line: line + lineOffset, Msg: "a second YAML document starts here; a file holds one document (remove the '---' separator or split the file)"}
	case !errors.Is(err, io.EOF):
		return nil, nil, yamlError(err, src, lineOffset)
	}
	d := decoder{pos: Positions{}, offset: lineOffset, expanding: map[*yaml.Node]bool{}}
	v, err := d.value(&root, "")
	if err != nil {
		return nil, nil, err
	}
	return v, d.pos, nil
}

// parserProblems are the messages yaml.v3 raises from its parser rather than
// its scanner. For these it reports a 0-based line (scanner errors are
// 1-based), so their line is shifted by one to match the file.
var parserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

func yamlError(err error, src []byte, offset int) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, convErr := strconv.Atoi(rest[:i]); convErr == nil {
				line, msg = n, strings.TrimSpace(rest[i+1:])
			}
		}
	}
	// yaml.v3 omits the line when it is the first; see parserProblems.
	if slices.Contains(parserProblems, msg) || line == 0 {
		line++
	}
	// A problem found at the end of the input is reported on the line after
	// the last one; the author's mistake is on the last.
	last := bytes.Count(src, []byte{'\n'})
	if len(src) > 0 && src[len(src)-1] != '\n' {
		last++
	}
	if line > last {
		line = max(last, 1)
	}
	// Tabs are the commonest cause of this message, and it does not say so.
	if msg == "found character that cannot start any token" && bytes.Contains(nthLine(src, line), []byte{'\t'}) {
		msg += " (a tab: indent YAML with spaces)"
	}
	return &Error{Line: line + offset, Msg: msg}
}

func nthLine(src []byte, n int) []byte {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return nil
		}
		src = src[j+1:]
	}
	line, _, _ := bytes.Cut(src, []byte{'\n'})
	return line
}

type decoder struct {
	pos    Positions
	offset int
	nodes  int
	depth  int
	// aliased counts values produced inside alias expansions; inAlias is
	// the nesting of expansions under way, and expanding holds the anchors
	// being expanded so a self-referencing anchor is caught at once.
	aliased   int
	inAlias   int
	expanding map[*yaml.Node]bool
}

func (d *decoder) value(n *yaml.Node, ptr string) (any, error) {
	d.nodes++
	if d.nodes > MaxNodes {
		return nil, &Error{Line: n.Line + d.offset, Msg: fmt.Sprintf("document expands to more than %d values; split the file", MaxNodes)}
	}
	if d.inAlias > 0 {
		d.aliased++
		if d.aliased > MaxAliasNodes {
			return nil, &Error{Line: n.Line + d.offset, Msg: fmt.Sprintf("aliases expand to more than %d values (an alias bomb?); write the values out or use fewer nested aliases", MaxAliasNodes)}
		}
	}
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > MaxDepth {
		return nil, &Error{Line: n.Line + d.offset, Msg: fmt.Sprintf("values nested more than %d levels deep", MaxDepth)}
	}
	if _, seen := d.pos[ptr]; !seen && d.inAlias == 0 {
		d.pos[ptr] = Pos{Line: n.Line + d.offset, Col: n.Column}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return d.value(n.Content[0], ptr)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, &Error{Line: n.Line + d.offset, Msg: "alias to an unknown anchor"}
		}
		if d.expanding[n.Alias] {
			return nil, &Error{Line: n.Line + d.offset, Msg: fmt.Sprintf("alias *%s refers to a value that contains it", n.Value)}
		}
		// Values reached through an alias are positioned at the alias:
		// that is where this occurrence was written.
		d.expanding[n.Alias] = true
		d.inAlias++
		v, err := d.value(n.Alias, ptr)
		d.inAlias--
		delete(d.expanding, n.Alias)
		return v, err
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			v, err := d.value(c, ptr+"/"+strconv.Itoa(i))
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		return d.mapping(n, ptr)
	case yaml.ScalarNode:
		return scalar(n), nil
	}
	return nil, &Error{Line: n.Line + d.offset, Msg: "unsupported YAML node"}
}

func (d *decoder) mapping(n *yaml.Node, ptr string) (any, error) {
	out := make(map[string]any, len(n.Content)/2)
	seen := make(map[string]int, len(n.Content)/2)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return nil, &Error{Line: k.Line + d.offset, Msg: "a mapping key must be a plain value, not a list or mapping"}
		}
		key := k.Value
		if first, dup := seen[key]; dup {
			return nil, &Error{Line: k.Line + d.offset, Msg: fmt.Sprintf("key %q is defined twice (first at line %d); keep one", key, first)}
		}
		seen[key] = k.Line + d.offset
		child := ptr + "/" + escape(key)
		if _, set := d.pos[child]; !set && d.inAlias == 0 {
			d.pos[child] = Pos{Line: k.Line + d.offset, Col: k.Column}
		}
		val, err := d.value(v, child)
		if err != nil {
			return nil, err
		}
		out[key] = val
	}
	// "<<: *base" (or "<<: [*a, *b]") merges anchored mappings after the
	// explicit keys, which win, as do earlier merges over later ones.
	for _, m := range merges {
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			merged, err := d.value(src, ptr)
			if err != nil {
				return nil, err
			}
			mm, ok := merged.(map[string]any)
			if !ok {
				return nil, &Error{Line: src.Line + d.offset, Msg: "'<<' merges a mapping (or a list of mappings), not a single value"}
			}
			for mk, mv := range mm {
				if _, exists := out[mk]; !exists {
					out[mk] = mv
				}
			}
		}
	}
	return out, nil
}

// scalar keeps timestamps as written so "2026-01-12" stays a date string
// that JSON Schema's "date" format and Rego's time functions understand.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return i
		}
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	return n.Value
}

// escape encodes a key as a JSON pointer reference token (RFC 6901).
func escape(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

// Pointer joins reference tokens into a JSON pointer.
func Pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escape(t))
	}
	return b.String()
}
