package claims

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	// A clause number: 7.3.2, 8, A.8.13. Segments are at most two digits
	// so that years (2016) and most version strings never match.
	numberRE = regexp.MustCompile(`^(?:A\.\d{1,2}(?:\.\d{1,2}){1,2}|\d{1,2}(?:\.\d{1,2}){0,3})`)
	// Words that introduce a clause number after the standard's name.
	keywordRE = regexp.MustCompile(`^(?i)(?:sections?|sec\.|clauses?|paras?\.?|paragraphs?|chapters?|§§?)\s*`)
	// An item letter after a number: "4.2.1 b)", "7.3.2(a)".
	itemRE = regexp.MustCompile(`^\s*\(?[a-z]\)`)
	// Separators of a list of numbers: "5.6.2 and 7.3.3", "4.1.6, 6.3 & 7.6".
	sepRE = regexp.MustCompile(`^(?i)\s*(?:,|;|&|/|\band\b|\bor\b|\bund\b)\s*`)
	// The dash of a range, "8.5.1-3", "7.5.1–7.5.3", "7.3 to 7.5"; an em
	// dash is left out: it separates a number from its title
	// ("8.5 — Improvement") more often than it joins two numbers.
	rangeRE = regexp.MustCompile(`^\s*(?:-|–|\bto\b|\bbis\b)\s*`)
)

// maxRange bounds the clauses a range expands to: "4.1-99" is a typo or
// not a range at all, not a hundred clauses.
const maxRange = 20

// number reads one clause number at the start of s and checks that it
// ends there: "7.3.2" in "7.3.2 Design", not "1.2" in "1.2.3.4.5" or
// "20" in "2016".
func number(s string) (string, bool) {
	m := numberRE.FindString(s)
	if m == "" {
		return "", false
	}
	rest := s[len(m):]
	if rest != "" {
		c := rest[0]
		if isDigit(c) || isLetter(c) || c == '_' {
			return "", false
		}
		if c == '.' && len(rest) > 1 && (isDigit(rest[1]) || isLetter(rest[1])) {
			return "", false
		}
	}
	return m, true
}

// numberList reads clause numbers at the start of s, "5.6.2 and 7.3.3",
// "para. 5.1, para. 5.5.1", "4.2.1 b)", and appends them to nums. end is
// the length of s read.
func numberList(nums []string, s string) (_ []string, end int) {
	rest := strings.TrimLeft(s, " \t")
	for {
		k := keywordRE.FindString(rest)
		rest = rest[len(k):]
		n, ok := number(rest)
		if !ok {
			return nums, end
		}
		rest = rest[len(n):]
		if r, ok := rangeTo(n, rest); ok {
			nums = appendRange(nums, n, r)
			rest = rest[len(r.text):]
		} else {
			nums = append(nums, n)
		}
		rest = rest[len(itemRE.FindString(rest)):]
		end = len(s) - len(rest)
		sep := sepRE.FindString(rest)
		if sep == "" {
			return nums, end
		}
		rest = rest[len(sep):]
	}
}

// span is the end of a range read after its first number: the last
// segment it runs to, and the text read for it ("-3", " – 7.5.3").
type span struct {
	last int
	text string
}

// rangeTo reads the end of a range that starts at first, at the start of
// rest: "-3" or "–7.5.3" after "7.5.1". The end is either the last segment
// alone or a number that differs from first only in its last segment and
// is greater; a single number such as "4-8" is not read as a range.
func rangeTo(first, rest string) (span, bool) {
	// Most numbers are followed by something else: a cheap look at the
	// first byte (0xe2 starts the en dash) spares the expression.
	if rest == "" || strings.IndexByte(" \t-tTbB\xe2", rest[0]) < 0 {
		return span{}, false
	}
	dash := rangeRE.FindString(rest)
	if dash == "" {
		return span{}, false
	}
	end, ok := number(rest[len(dash):])
	if !ok {
		return span{}, false
	}
	dot := strings.LastIndexByte(first, '.')
	if dot < 0 {
		return span{}, false
	}
	lastSeg := end
	if strings.Contains(end, ".") {
		edot := strings.LastIndexByte(end, '.')
		if end[:edot] != first[:dot] {
			return span{}, false
		}
		lastSeg = end[edot+1:]
	}
	from, err1 := strconv.Atoi(first[dot+1:])
	to, err2 := strconv.Atoi(lastSeg)
	if err1 != nil || err2 != nil || to <= from || to-from > maxRange {
		return span{}, false
	}
	return span{last: to, text: dash + end}, true
}

// appendRange appends first and the numbers after it up to r.last:
// 8.5.1, 8.5.2, 8.5.3 for "8.5.1-3".
func appendRange(nums []string, first string, r span) []string {
	dot := strings.LastIndexByte(first, '.')
	from, _ := strconv.Atoi(first[dot+1:])
	for k := from; k <= r.last; k++ {
		nums = append(nums, first[:dot+1]+strconv.Itoa(k))
	}
	return nums
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || isUpper(c) }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
