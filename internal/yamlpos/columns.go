package yamlpos

import (
	"bytes"
	"unicode/utf8"
)

// byteColumns turns the columns of pos, which both decoders count in
// characters (yaml.v3's unit), into bytes, and records the UTF-16 column
// where it differs. QMS text is full of umlauts and accents, and each
// consumer wants its own unit: a text editor's file:line:col the byte,
// SARIF and LSP the UTF-16 code unit.
func byteColumns(src []byte, lineOffset int, pos Positions) {
	ascii := true
	for _, c := range src {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return
	}
	var starts []int
	for i := 0; ; {
		starts = append(starts, i)
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	for ptr, p := range pos {
		n := p.Line - lineOffset - 1
		if n < 0 || n >= len(starts) || p.Col <= 1 {
			continue
		}
		line := src[starts[n]:]
		if j := bytes.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		b, u := 0, 0
		for r := 1; r < p.Col && b < len(line); r++ {
			c, size := utf8.DecodeRune(line[b:])
			b += size
			u += utf16Len(c)
		}
		if b == u && b == p.Col-1 {
			continue
		}
		pos[ptr] = Pos{Line: p.Line, Col: b + 1, Col16: u + 1}
	}
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
