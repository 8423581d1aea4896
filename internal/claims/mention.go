package claims

import (
	"iter"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The expressions that find standards are anchored, and the \b that
// starts every match is left to findAll: searching a line for them the
// way FindAllStringSubmatchIndex does, from each of its positions, costs
// more than all the rest of Extract; trying them only where a word that
// can begin a match begins costs little.
var (
	// Any other standard or regulation: numbers near it are its own.
	otherAtRE = regexp.MustCompile(`^(?i)(?:(?:ISO|IEC|EN|DIN|BS|ANSI|AAMI|UL)(?:\s*/\s*IEC)?[\s-]*(\d{3,5})(?:-\d+)*\b|(?:MDR|IVDR|MDD|GDPR|HIPAA)\b|21\s*CFR\b|NIST\b|SOC\s*2\b)`)
)

// mention is a place in a line that names a standard: one of ours
// (Standard set) or another one, which ends the context of ours.
type mention struct {
	start, end int
	Standard   string // the clause id prefix; "" for another standard
	Edition    string
	Adoption   string
	Text       string
}

func (m mention) ours() bool { return m.Standard != "" }

// mentions lists the standards a line names, in order.
func (mt *Matcher) mentions(line string) []mention {
	out := mt.ourMentions(line)
	if len(out) == 0 && !namesOtherStandard(line) {
		return out
	}
	ours := len(out)
	for ix := range findAll(otherAtRE, line, mayStartOther) {
		if ix[2] >= 0 {
			if n := line[ix[2]:ix[3]]; mt.designations[strings.ToUpper(n)] {
				continue
			}
		}
		overlap := false
		for _, o := range out[:ours] {
			if ix[0] < o.end && o.start < ix[1] {
				overlap = true
			}
		}
		if !overlap {
			out = append(out, mention{start: ix[0], end: ix[1], Text: line[ix[0]:ix[1]]})
		}
	}
	sortMentions(out)
	return out
}

// ourMentions lists the mentions of our standards in line, in order.
func (mt *Matcher) ourMentions(line string) []mention {
	// Every match has one of our designations.
	if !mt.mayName(line) {
		return nil
	}
	var out []mention
	ed := 2 * (len(mt.ids) + 2)
	for ix := range findAll(mt.at, line, mt.mayStart) {
		m := mention{start: ix[0], end: ix[1], Text: strings.TrimSpace(line[ix[0]:ix[1]])}
		for k, id := range mt.ids {
			if ix[2*(k+2)] >= 0 {
				m.Standard = id
				break
			}
		}
		if ix[2] >= 0 {
			m.Adoption = "EN"
		}
		if ix[ed] >= 0 {
			m.Edition = line[ix[ed]:ix[ed+1]]
		}
		out = append(out, m)
	}
	return out
}

// lastOurMention is lastOurs(mentions(line)) without looking for other
// standards, which never overlap ours and so cannot change which comes last.
func (mt *Matcher) lastOurMention(line string) *mention {
	ms := mt.ourMentions(line)
	if len(ms) == 0 {
		return nil
	}
	return &ms[len(ms)-1]
}

// findAll yields what FindAllStringSubmatchIndex returns for the
// expression \b(?:P), where re is ^(?:P), P cannot match the empty string,
// and mayStart(line, i) is true wherever a match of P can begin.
func findAll(re *regexp.Regexp, line string, mayStart func(line string, i int) bool) iter.Seq[[]int] {
	return func(yield func([]int) bool) {
		for i := 0; i < len(line); i++ {
			// i is a rune boundary wherever mayStart is true (it accepts
			// only ASCII and a rune's first byte), so line[i:] decodes as
			// line does from i on, and the expression sees the same \b at
			// every position but 0, which is the one checked here.
			if !wordBoundary(line, i) || !mayStart(line, i) {
				continue
			}
			ix := re.FindStringSubmatchIndex(line[i:])
			if ix == nil {
				continue
			}
			for k := range ix {
				if ix[k] >= 0 {
					ix[k] += i
				}
			}
			if !yield(ix) {
				return
			}
			i = ix[1] - 1 // the next match starts after this one
		}
	}
}

// wordBoundary reports whether \b holds before line[i], which regexp
// decides from ASCII word characters alone.
func wordBoundary(line string, i int) bool {
	return i > 0 && isWordChar(line[i-1]) != isWordChar(line[i]) || i == 0 && isWordChar(line[i])
}

func isWordChar(c byte) bool { return isDigit(c) || isLetter(c) || c == '_' }

// mayStartOther reports whether a match of otherAtRE can begin at
// line[i]: with the first two letters of one of its words, 21 CFR among
// them.
func mayStartOther(line string, i int) bool { return startsWithPair(line, i, otherPairs) }

var (
	otherPairs = [][2]rune{{'i', 's'}, {'i', 'e'}, {'e', 'n'}, {'d', 'i'}, {'b', 's'}, {'a', 'n'}, {'a', 'a'}, {'u', 'l'}, {'m', 'd'}, {'i', 'v'}, {'g', 'd'}, {'h', 'i'}, {'2', '1'}, {'n', 'i'}, {'s', 'o'}}
)

// startsWithPair reports whether line[i:] starts with one of the pairs of
// lower-case runes, in any case (?i) accepts.
func startsWithPair(line string, i int, pairs [][2]rune) bool {
	r1, w := foldAt(line, i)
	r2, _ := foldAt(line, i+w)
	for _, p := range pairs {
		if p[0] == r1 && p[1] == r2 {
			return true
		}
	}
	return false
}

// foldAt returns the rune at line[i] and its width, in the lower case
// that stands for all the runes (?i) takes for it in the words above:
// ASCII letters, ſ for s (K, the Kelvin sign, is the only other rune that
// folds to ASCII, and none of the words has a k) and Ö. -1 past the end.
func foldAt(line string, i int) (rune, int) {
	if i >= len(line) {
		return -1, 0
	}
	if c := line[i]; c < utf8.RuneSelf {
		return rune(lowerASCII(c)), 1
	}
	r, w := utf8.DecodeRuneInString(line[i:])
	switch r {
	case 'ſ':
		r = 's'
	case 'Ö':
		r = 'ö'
	}
	return r, w
}

// isOtherWord reports whether w (upper case) is a word every alternative
// of otherAtRE starts with. A switch, not a map: it runs on most words of
// every line.
func isOtherWord(w string) bool {
	switch w {
	case "ISO", "IEC", "EN", "DIN", "BS", "ANSI", "AAMI", "UL",
		"MDR", "IVDR", "MDD", "GDPR", "HIPAA", "CFR", "NIST", "SOC":
		return true
	}
	return false
}

// namesOtherStandard reports whether line has a word otherAtRE could start
// at, case-insensitively: a filter in front of it, at the cost of one pass
// over the line. It misses words with a long s (ſ), which (?i) reads as s
// ("niſt"), so numbers near them are taken for ours; seeing them would
// change which numbers count.
func namesOtherStandard(line string) bool {
	for i := 0; i < len(line); {
		if !isLetter(line[i]) {
			i++
			continue
		}
		start := i
		for i < len(line) && isLetter(line[i]) {
			i++
		}
		if n := i - start; n >= 2 && n <= 5 {
			var word [5]byte // upper-cased here: the look-up then allocates nothing
			for k := range n {
				word[k] = line[start+k] &^ 0x20
			}
			if isOtherWord(string(word[:n])) {
				return true
			}
		}
	}
	return false
}

func sortMentions(ms []mention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].start < ms[j-1].start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
