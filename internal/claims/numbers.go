package claims

import (
	"regexp"
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
)

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
		nums = append(nums, n)
		rest = rest[len(n):]
		rest = rest[len(itemRE.FindString(rest)):]
		end = len(s) - len(rest)
		sep := sepRE.FindString(rest)
		if sep == "" {
			return nums, end
		}
		rest = rest[len(sep):]
	}
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || isUpper(c) }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
