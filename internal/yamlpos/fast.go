package yamlpos

import (
	"bytes"
	"strconv"
)

// decodeFast decodes the plain YAML nearly every front matter is written
// in, and reports false for anything else, which Decode then hands to
// yaml.v3. yaml.v3 builds a node tree of a dozen allocations per value and
// spends most of a large lint's loading time on front matter; this reads
// the same documents in a single pass.
//
// It accepts only what it can decode exactly as the yaml.v3 path does,
// values and positions alike (FuzzFastAgrees holds it to that): block
// mappings and sequences; one-line flow lists and mappings; unquoted
// scalars that are words, integers or dates; quoted strings without
// escapes; comment lines. Anchors, tags, block scalars, scalars spanning
// lines, comments after a value or '#' anywhere in one, '?' in a flow
// collection, tabs, non-ASCII text and duplicate keys all take the yaml.v3
// path, which also words every error.
func decodeFast(src []byte, offset int) (any, Positions, bool) {
	p := fastParser{pos: Positions{}, offset: offset}
	if !p.split(src) || len(p.lines) == 0 {
		return nil, nil, false
	}
	first := p.lines[0]
	if first.indent != 0 {
		return nil, nil, false
	}
	p.pos[""] = Pos{Line: first.no + offset, Col: 1}
	v, ok := p.block(0, "")
	if !ok || p.next != len(p.lines) {
		return nil, nil, false
	}
	return v, p.pos, true
}

type fastLine struct {
	no     int // 1-based line number in src
	indent int
	text   []byte // after the indentation, trailing blanks removed
}

type fastParser struct {
	lines  []fastLine
	next   int // index of the first line not yet consumed
	pos    Positions
	offset int
	depth  int
	nodes  int
}

// split cuts src into its content lines, skipping blank and comment
// lines, and refuses any byte the subset does not handle.
func (p *fastParser) split(src []byte) bool {
	no := 0
	for len(src) > 0 {
		no++
		line, rest, _ := bytes.Cut(src, []byte{'\n'})
		src = rest
		for _, c := range line {
			// Tabs and control characters have their own YAML rules,
			// and yaml.v3 counts columns in characters, not bytes.
			if c < 0x20 || c >= 0x7f {
				return false
			}
		}
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		text := bytes.TrimRight(line[indent:], " ")
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		// Document markers and directives.
		if indent == 0 && (bytes.HasPrefix(text, []byte("---")) || bytes.HasPrefix(text, []byte("...")) || text[0] == '%') {
			return false
		}
		p.lines = append(p.lines, fastLine{no: no, indent: indent, text: text})
	}
	return true
}

// block decodes the mapping or sequence whose first line is the next one.
func (p *fastParser) block(indent int, ptr string) (any, bool) {
	p.depth++
	defer func() { p.depth-- }()
	// Well inside the limits, which yaml.v3's path counts a little
	// differently: a document near them gets its exact answer there.
	if p.depth > MaxDepth/4 {
		return nil, false
	}
	l := p.lines[p.next]
	if l.indent != indent {
		return nil, false
	}
	if isDash(l.text) {
		return p.sequence(indent, ptr)
	}
	return p.mapping(indent, 0, ptr)
}

func isDash(text []byte) bool {
	return text[0] == '-' && (len(text) == 1 || text[1] == ' ')
}

// mapping decodes the block mapping at column indent. Its first key may
// sit on the current line after a "- " (skip is where it starts there).
func (p *fastParser) mapping(indent, skip int, ptr string) (any, bool) {
	out := map[string]any{}
	for first := true; p.next < len(p.lines); first = false {
		l := p.lines[p.next]
		text := l.text
		if first {
			text = text[skip:]
		} else if l.indent < indent {
			break
		} else if l.indent > indent {
			return nil, false // a scalar continued on the next line, or bad indentation
		}
		i := bytes.IndexByte(text, ':')
		if i <= 0 || !isKey(text[:i]) || i+1 < len(text) && text[i+1] != ' ' {
			return nil, false
		}
		key := string(text[:i])
		if _, dup := out[key]; dup {
			return nil, false
		}
		child := ptr + "/" + escape(key)
		p.pos[child] = Pos{Line: l.no + p.offset, Col: indent + 1}
		if !p.count() {
			return nil, false
		}
		p.next++
		rest := bytes.TrimLeft(text[i+1:], " ")
		if len(rest) > 0 {
			v, ok := p.inline(rest, l.no, indent+len(text)-len(rest), child)
			if !ok {
				return nil, false
			}
			out[key] = v
			continue
		}
		// The value is on the lines below: deeper, or a sequence at the
		// key's own column, or nothing (null).
		if p.next < len(p.lines) {
			n := p.lines[p.next]
			if n.indent > indent || n.indent == indent && isDash(n.text) {
				v, ok := p.block(n.indent, child)
				if !ok {
					return nil, false
				}
				out[key] = v
				continue
			}
		}
		out[key] = nil
	}
	return out, true
}

// sequence decodes the block sequence whose dashes are at column indent.
func (p *fastParser) sequence(indent int, ptr string) (any, bool) {
	out := []any{}
	for p.next < len(p.lines) {
		l := p.lines[p.next]
		if l.indent < indent || l.indent == indent && !isDash(l.text) {
			break
		}
		if l.indent > indent {
			return nil, false
		}
		if len(l.text) == 1 {
			return nil, false // "-" alone: the item starts below
		}
		skip := 1
		for skip < len(l.text) && l.text[skip] == ' ' {
			skip++
		}
		item := l.text[skip:]
		elem := ptr + "/" + strconv.Itoa(len(out))
		col := indent + skip
		p.pos[elem] = Pos{Line: l.no + p.offset, Col: col + 1}
		if !p.count() {
			return nil, false
		}
		if i := bytes.IndexByte(item, ':'); i > 0 && isKey(item[:i]) && (i+1 == len(item) || item[i+1] == ' ') {
			// "- key: value": a mapping whose keys line up after the dash.
			v, ok := p.mapping(col, skip, elem)
			if !ok {
				return nil, false
			}
			out = append(out, v)
			continue
		}
		if isDash(item) {
			return nil, false // "- - x"
		}
		p.next++
		v, ok := p.inline(item, l.no, col, elem)
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

// inline decodes a value written on one line at column col: a flow list,
// a flow mapping or a scalar.
func (p *fastParser) inline(text []byte, no, col int, ptr string) (any, bool) {
	switch text[0] {
	case '[':
		return p.flowList(text, no, col, ptr)
	case '{':
		return p.flowMapping(text, no, col, ptr)
	}
	return scalarFast(text, false)
}

// flowList decodes "[a, b, c]", every element a scalar.
func (p *fastParser) flowList(text []byte, no, col int, ptr string) (any, bool) {
	out := []any{}
	ok := flowItems(text, ']', col, func(elem []byte, col int) bool {
		v, ok := scalarFast(elem, true)
		if !ok || !p.count() {
			return false
		}
		p.pos[ptr+"/"+strconv.Itoa(len(out))] = Pos{Line: no + p.offset, Col: col + 1}
		out = append(out, v)
		return true
	})
	return out, ok
}

// flowMapping decodes "{k: v, k2: v2}", every value a scalar.
func (p *fastParser) flowMapping(text []byte, no, col int, ptr string) (any, bool) {
	out := map[string]any{}
	ok := flowItems(text, '}', col, func(entry []byte, col int) bool {
		i := bytes.Index(entry, []byte(": "))
		if i <= 0 || !isKey(entry[:i]) {
			return false
		}
		key := string(entry[:i])
		if _, dup := out[key]; dup {
			return false
		}
		v, ok := scalarFast(bytes.TrimLeft(entry[i+2:], " "), true)
		if !ok || !p.count() {
			return false
		}
		p.pos[ptr+"/"+escape(key)] = Pos{Line: no + p.offset, Col: col + 1}
		out[key] = v
		return true
	})
	return out, ok
}

// flowItems calls item with each comma-separated item of the one-line
// flow collection text (from its opening bracket to end), blanks trimmed,
// and the column the item starts at. It reports false when text does not
// end with end or item refuses one.
func flowItems(text []byte, end byte, col int, item func(s []byte, col int) bool) bool {
	if text[len(text)-1] != end {
		return false
	}
	body := text[1 : len(text)-1]
	if len(bytes.TrimLeft(body, " ")) == 0 {
		return true
	}
	start := 1 // the opening bracket
	for _, part := range bytes.Split(body, []byte{','}) {
		lead := len(part) - len(bytes.TrimLeft(part, " "))
		if !item(bytes.TrimRight(part[lead:], " "), col+start+lead) {
			return false
		}
		start += len(part) + 1
	}
	return true
}

func (p *fastParser) count() bool {
	p.nodes++
	return p.nodes <= MaxNodes/2
}

// isKey accepts the keys QMS files use: letters, digits, '_', '-', '.',
// not starting with '-' or '.', and short (YAML refuses a key on one line
// longer than 1024 characters).
func isKey(k []byte) bool {
	if len(k) > 128 || !isAlnum(k[0]) && k[0] != '_' {
		return false
	}
	for _, c := range k[1:] {
		if !isAlnum(c) && c != '_' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// scalarFast decodes a one-line scalar as yaml.v3 and scalar() together
// do, or reports false where the answer would take YAML's finer rules:
// floats, octal and hex, unusual first characters, and any character
// that can end or change a scalar (": ", " #", flow indicators).
func scalarFast(s []byte, flow bool) (any, bool) {
	if len(s) == 0 {
		return nil, false
	}
	if q := s[0]; q == '"' || q == '\'' {
		// Quoted, without escapes: the text between the quotes.
		if len(s) < 2 || s[len(s)-1] != q || bytes.IndexByte(s[1:len(s)-1], q) >= 0 || bytes.IndexByte(s, '\\') >= 0 {
			return nil, false
		}
		return string(s[1 : len(s)-1]), true
	}
	// Indicators matter only at a scalar's start, which is a letter, a
	// digit or a quote here; inside it only these end or change it.
	for i, c := range s {
		switch c {
		case '#':
			return nil, false
		case ',', '[', ']', '{', '}', '?':
			// yaml.v3 ends a scalar in a flow collection at '?' too.
			if flow {
				return nil, false
			}
		case ':':
			// "ISO13485:4.2.4" and "https://..." are one scalar; ": "
			// or a final ':' would start a mapping.
			if i+1 == len(s) || !isAlnum(s[i+1]) && s[i+1] != '/' {
				return nil, false
			}
		}
	}
	c := s[0]
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		switch string(s) {
		case "true", "True", "TRUE":
			return true, true
		case "false", "False", "FALSE":
			return false, true
		case "null", "Null", "NULL":
			return nil, true
		}
		return string(s), true
	case isDigit(c) || c == '-' && len(s) > 1 && isDigit(s[1]):
		if isDate(s) {
			// yaml.v3 reads a date as a timestamp, or as a string when it
			// is not a real day; scalar() keeps the text either way.
			return string(s), true
		}
		if isDecimal(s) {
			if n, err := strconv.ParseInt(string(s), 10, 64); err == nil {
				return n, true
			}
		}
	}
	return nil, false
}

// isDate matches YYYY-MM-DD.
func isDate(s []byte) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && !isDigit(c) {
			return false
		}
	}
	return true
}

// isDecimal matches a decimal integer without a leading zero (which
// yaml.v3 would read as octal) and short enough for int64.
func isDecimal(s []byte) bool {
	if s[0] == '-' {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 18 || len(s) > 1 && s[0] == '0' {
		return false
	}
	for _, c := range s {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// Plain decodes src when it is the plain YAML decodeFast reads, to the
// values yaml.v3 gives for it, and reports false otherwise: callers that
// need only a field or two (the history's id and revision) skip yaml.v3's
// node tree for nearly every file and fall back to it for the rest.
func Plain(src []byte) (any, bool) {
	v, _, ok := decodeFast(src, 0)
	return v, ok
}
