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
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Pos is a 1-based line and column in the source file.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
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

// MaxNodes bounds the number of values a document may expand to through
// aliases. Real registers have a few thousand; anything beyond this is an
// alias bomb or an accident.
const MaxNodes = 1_000_000

// Decode parses one YAML document. lineOffset is added to every reported line
// (the number of lines preceding the YAML in its file).
func Decode(src []byte, lineOffset int) (any, Positions, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Positions{}, nil
		}
		return nil, nil, yamlError(err, lineOffset)
	}
	// A second document in a register is almost always a mistake ("---"
	// used as a separator) and would silently be ignored.
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, nil, &Error{Line: extra.Line + lineOffset, Msg: "a second YAML document starts here; a file holds one document"}
	}
	d := decoder{pos: Positions{}, offset: lineOffset}
	v, err := d.value(&root, "")
	if err != nil {
		return nil, nil, err
	}
	return v, d.pos, nil
}

func yamlError(err error, offset int) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	// yaml.v3 reports "line N: msg"; re-base N onto the file.
	if strings.HasPrefix(msg, "line ") {
		rest := msg[len("line "):]
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, convErr := strconv.Atoi(rest[:i]); convErr == nil {
				return &Error{Line: n + offset, Msg: strings.TrimSpace(rest[i+1:])}
			}
		}
	}
	return &Error{Line: offset + 1, Msg: msg}
}

type decoder struct {
	pos    Positions
	offset int
	nodes  int
}

func (d *decoder) value(n *yaml.Node, ptr string) (any, error) {
	d.nodes++
	if d.nodes > MaxNodes {
		return nil, &Error{Line: n.Line + d.offset, Msg: fmt.Sprintf("document expands to more than %d values (alias bomb?)", MaxNodes)}
	}
	if _, seen := d.pos[ptr]; !seen {
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
		return d.value(n.Alias, ptr)
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
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			// "<<: *base" merges the anchored mapping; explicit keys win.
			merged, err := d.value(v, ptr)
			if err != nil {
				return nil, err
			}
			if m, ok := merged.(map[string]any); ok {
				for mk, mv := range m {
					if _, exists := out[mk]; !exists {
						out[mk] = mv
					}
				}
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return nil, &Error{Line: k.Line + d.offset, Msg: "a mapping key must be a plain value, not a list or mapping"}
		}
		key := k.Value
		if first, dup := seen[key]; dup {
			return nil, &Error{Line: k.Line + d.offset, Msg: fmt.Sprintf("key %q is defined twice (first at line %d)", key, first)}
		}
		seen[key] = k.Line + d.offset
		child := ptr + "/" + escape(key)
		d.pos[child] = Pos{Line: k.Line + d.offset, Col: k.Column}
		val, err := d.value(v, child)
		if err != nil {
			return nil, err
		}
		out[key] = val
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
