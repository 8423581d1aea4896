package lsp

import (
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"unicode/utf16"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Positions: findings count lines from 1 and columns from 1 in bytes; LSP
// counts both from 0 and columns in UTF-16 code units (its default
// encoding, the only one every client supports). QMS text is full of
// umlauts and dashes, so the two differ on most lines that matter.

// lineAt is line n (0-based) of text without its line break, "" past the end.
func lineAt(text string, n int) string {
	for i := 0; i < n; i++ {
		nl := strings.IndexByte(text, '\n')
		if nl < 0 {
			return ""
		}
		text = text[nl+1:]
	}
	if nl := strings.IndexByte(text, '\n'); nl >= 0 {
		text = text[:nl]
	}
	return strings.TrimSuffix(text, "\r")
}

// utf16Len is the length of s in UTF-16 code units; an invalid byte counts
// as the one U+FFFD it decodes to.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// toUTF16 is the UTF-16 column of byte offset b in line.
func toUTF16(line string, b int) int {
	if b > len(line) {
		b = len(line)
	}
	if b < 0 {
		b = 0
	}
	return utf16Len(line[:b])
}

// toByte is the byte offset in line of UTF-16 column c.
func toByte(line string, c int) int {
	n := 0
	for i, r := range line {
		if n >= c {
			return i
		}
		n += utf16.RuneLen(r)
	}
	return len(line)
}

// findingRange is the range of a finding at line:col (1-based, bytes) in
// text: from the column to the end of the line, so the editor underlines
// the value at fault. Line 0 (the whole file) is the first line.
func findingRange(text string, line, col int) protocol.Range {
	if line <= 0 {
		l := lineAt(text, 0)
		return protocol.Range{End: protocol.Position{Character: protocol.UInteger(utf16Len(l))}}
	}
	l := lineAt(text, line-1)
	start := toUTF16(l, col-1)
	end := utf16Len(l)
	if end <= start {
		end = start
	}
	return protocol.Range{
		Start: protocol.Position{Line: protocol.UInteger(line - 1), Character: protocol.UInteger(start)},
		End:   protocol.Position{Line: protocol.UInteger(line - 1), Character: protocol.UInteger(end)},
	}
}

// uriPath is the file path of a file: URI, "" for any other scheme (an
// untitled buffer has no place in a repository).
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := u.Path
	if runtime.GOOS == "windows" && len(p) > 2 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // file:///C:/qms → C:/qms
	}
	return filepath.FromSlash(p)
}

// pathURI is the file: URI of an absolute path.
func pathURI(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/qms → file:///C:/qms
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
