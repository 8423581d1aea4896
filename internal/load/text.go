package load

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf8"
)

// checkText rejects content that is not UTF-8 text, naming the line where
// the trouble starts so the author can find it.
func checkText(src []byte) (msg string, line int) {
	if bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}) {
		return "encoded as UTF-16; save the file as UTF-8", 1
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return "binary content (a NUL byte); this is not a text file", lineAt(src, i)
	}
	if !utf8.Valid(src) {
		for i := 0; i < len(src); {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				return fmt.Sprintf("not valid UTF-8 (byte 0x%02x); save the file as UTF-8", src[i]), lineAt(src, i)
			}
			i += size
		}
	}
	return "", 0
}

func lineAt(src []byte, offset int) int {
	return bytes.Count(src[:offset], []byte{'\n'}) + 1
}

// lineIndex maps byte offsets of a text to 1-based line numbers.
type lineIndex struct {
	starts []int
	first  int // line number of the text's first line in its file
}

func newLineIndex(src []byte, first int) lineIndex {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{starts: starts, first: first}
}

func (li lineIndex) line(offset int) int {
	i := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > offset })
	return li.first + i - 1
}

// normalizeCR turns classic Mac line endings (a CR alone) into LF. YAML
// counts a lone CR as a line break and Markdown does not; without this, the
// two would disagree on every line number after it. CRLF is left alone.
func normalizeCR(src []byte) []byte {
	i := bytes.IndexByte(src, '\r')
	if i < 0 {
		return src
	}
	out := append([]byte(nil), src...)
	for ; i < len(out); i++ {
		if out[i] == '\r' && (i+1 == len(out) || out[i+1] != '\n') {
			out[i] = '\n'
		}
	}
	return out
}
