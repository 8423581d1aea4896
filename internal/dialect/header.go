package dialect

import (
	"bytes"
	"regexp"
)

// openKeyRE is the first line of an open header: a YAML key.
var openKeyRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*:(\s|$)`)

// maxOpenHeader bounds how far the closing "---" of an open header is
// looked for: a header is a few fields, and a thematic break far down a
// document whose first line happens to read "Note: ..." is not one.
const maxOpenHeader = 200

// SplitOpen splits a header without an opening "---": YAML from the first
// line to a line "---". ok is false when src does not start that way.
// bodyStart is the line of the first body line.
func SplitOpen(src []byte) (fm, body []byte, bodyStart int, ok bool) {
	first, _, _ := bytes.Cut(src, []byte{'\n'})
	if !openKeyRE.Match(first) {
		return nil, nil, 0, false
	}
	offset, line := 0, 1
	for rest := src; len(rest) > 0 && line <= maxOpenHeader; line++ {
		l, next, found := bytes.Cut(rest, []byte{'\n'})
		if string(bytes.TrimRight(l, " \t\r")) == "---" {
			return src[:offset], next, line + 1, true
		}
		// A Markdown heading before the fence: this is a body, not a header.
		if bytes.HasPrefix(l, []byte("#")) {
			return nil, nil, 0, false
		}
		if !found {
			break
		}
		offset += len(l) + 1
		rest = next
	}
	return nil, nil, 0, false
}
