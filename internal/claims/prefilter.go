package claims

import (
	"math/bits"
	"strings"
)

// Shortcuts around regular expressions, which run on every line of a
// document that names a standard, mostly prose they do not match, and cost
// their setup even when they fail at the first character: tests in front
// of them that accept at least every line they match, and readers that do
// what an expression did without it. TestMatchers and FuzzMatchers hold
// each to its expression.

// A foldSet is a few words to look for in a line, ignoring ASCII case.
// Under (?i) only two non-ASCII runes fold to ASCII letters, ſ to s and K
// (Kelvin) to k, so for words without s or k a line without any of them
// cannot match an expression that needs one of them as a literal.
type foldSet struct {
	words []string // in lower case
	// first[c] has bit k set when words[k] starts with c, in either case:
	// one look-up per byte of the line, however many words.
	first [256]uint8
}

func newFoldSet(words ...string) *foldSet {
	if len(words) > 8 {
		panic("claims: a foldSet holds at most 8 words")
	}
	f := &foldSet{words: words}
	for k, w := range words {
		f.first[w[0]] |= 1 << k
		f.first[upperASCII(w[0])] |= 1 << k
	}
	return f
}

// in reports whether s contains one of the words.
func (f *foldSet) in(s string) bool {
	i, _ := f.index(s, 0)
	return i >= 0
}

// index returns the first position from on where one of the words starts,
// and which word, or -1.
func (f *foldSet) index(s string, from int) (int, int) {
	for i := from; i < len(s); i++ {
		for m := f.first[s[i]]; m != 0; m &= m - 1 {
			if k := bits.TrailingZeros8(m); hasPrefixFold(s[i:], f.words[k]) {
				return i, k
			}
		}
	}
	return -1, 0
}

func hasPrefixFold(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for k := range len(w) {
		if lowerASCII(s[k]) != w[k] {
			return false
		}
	}
	return true
}

func upperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func lowerASCII(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

// parenNumber reports whether s has an opening parenthesis followed, after
// blanks, by a digit or "A.": where parenthesised can read a number. Links, "[x](y)",
// put parentheses on many lines that hold no clause number.
func parenNumber(s string) bool {
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			return false
		}
		s = strings.TrimLeft(s[i+1:], " \t\n\r\f\v")
		if s != "" && (isDigit(s[0]) || strings.HasPrefix(s, "A.")) {
			return true
		}
	}
}

// maybeHeading reports whether line starts like a heading: up to three
// spaces, then '#', as headingRE requires.
func maybeHeading(line string) bool {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	return i < len(line) && line[i] == '#'
}

// listItemText returns the text of a list item, "7.5.5 Sterile" in
// "- 7.5.5 Sterile": what listItemRE's group captures, read without the
// regexp, which costs more than the rest of a list line's reading.
func listItemText(line string) (string, bool) {
	// Every quantifier is greedy and giving back a blank or a digit cannot
	// help the next part match, so a single pass reads as the regexp does.
	i := skipSpaceRE(line, 0)
	switch {
	case i < len(line) && strings.IndexByte("-*+", line[i]) >= 0:
		i++
	case i < len(line) && isDigit(line[i]):
		j := i
		for j < len(line) && isDigit(line[j]) {
			j++
		}
		if j-i > 3 || j == len(line) || line[j] != '.' && line[j] != ')' {
			return "", false
		}
		i = j + 1
	default:
		return "", false
	}
	j := skipSpaceRE(line, i)
	// (.*)$ takes the rest of the text, unless a newline is left in it.
	if j == i || strings.IndexByte(line[j:], '\n') >= 0 {
		return "", false
	}
	return line[j:], true
}

// skipSpaceRE returns the index of the first byte of line from i on that
// is not in \s as regexp reads it: [\t\n\f\r ].
func skipSpaceRE(line string, i int) int {
	for i < len(line) && strings.IndexByte("\t\n\f\r ", line[i]) >= 0 {
		i++
	}
	return i
}

// stripEmphasis deletes the Markdown emphasis and code marks (*, _, `),
// without a copy when there are none, as most table cells have.
func stripEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_`") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '*' && c != '_' && c != '`' {
			b = append(b, c)
		}
	}
	return string(b)
}
