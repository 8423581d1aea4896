package claims

import (
	"bytes"
	"regexp"
	"strings"
)

// Standard is how documents name one standard, from its catalog: Names
// of catalog.Catalog, and the clause id prefix its claims carry.
type Standard struct {
	ID          string   // the clause id prefix
	Publishers  []string // "ISO/IEC", "IEC"; empty when the designation stands alone
	Designation string   // "62304"
}

// A Matcher finds the mentions of a set of standards, the ones a
// repository enables: numbers near any other standard are not claims.
type Matcher struct {
	known Known
	// at matches a mention at the start of a line: group 1 is a regional
	// adoption, groups 2 to len(ids)+1 the designation of ids[i], the
	// last the edition.
	at      *regexp.Regexp
	pattern string // at without its anchor, for the tests
	ids     []string
	// designations are what every mention holds: a line without one of
	// them has none. Those with letters are looked for in any case.
	digits, words []string
	designations  map[string]bool
	pairs         [][2]rune
}

// regional are the national and regional bodies that adopt a standard
// under their own letters (DIN EN ISO 13485, EN IEC 62304).
var regionalPairs = [][2]rune{{'d', 'i'}, {'b', 's'}, {'n', 'f'}, {'u', 'n'}, {'s', 's'}, {'ö', 'n'}, {'s', 'n'}, {'e', 'n'}}

// NewMatcher builds a Matcher for stds; known says whether a number is a
// clause of a standard (catalog.Known in production).
func NewMatcher(stds []Standard, known Known) *Matcher {
	m := &Matcher{known: known, designations: map[string]bool{}, pairs: append([][2]rune(nil), regionalPairs...)}
	var alts []string
	for _, s := range stds {
		if s.Designation == "" {
			continue
		}
		var pubs []string
		for _, p := range s.Publishers {
			parts := strings.Split(p, "/")
			for i := range parts {
				parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(strings.TrimSpace(parts[i]))), `\s+`)
			}
			pubs = append(pubs, strings.Join(parts, `\s*/\s*`))
			m.addPair(p)
		}
		alt := "(" + regexp.QuoteMeta(s.Designation) + ")"
		if len(pubs) > 0 {
			alt = "(?:" + strings.Join(pubs, "|") + `)[\s-]*` + alt
		} else {
			m.addPair(s.Designation)
		}
		alts = append(alts, alt)
		m.ids = append(m.ids, s.ID)
		m.designations[strings.ToUpper(s.Designation)] = true
		if strings.Trim(s.Designation, "0123456789") == "" {
			m.digits = append(m.digits, s.Designation)
		} else {
			m.words = append(m.words, strings.ToLower(s.Designation))
		}
	}
	if len(alts) == 0 {
		alts = []string{`(\b\B)`} // matches nothing
	}
	m.pattern = `(?:(?:DIN|BS|NF|UNE|SS|ÖNORM|SN)\s+)?(EN\s+)?(?:` + strings.Join(alts, "|") + `)\b(?:\s*:\s*(\d{4})\b)?`
	m.at = regexp.MustCompile(`^(?i)` + m.pattern)
	return m
}

func (m *Matcher) addPair(word string) {
	w := []rune(strings.ToLower(word))
	if len(w) >= 2 {
		m.pairs = append(m.pairs, [2]rune{w[0], w[1]})
	}
}

// mayName reports whether s can hold a mention: it has one of the
// designations.
func (m *Matcher) mayName(s string) bool {
	for _, d := range m.digits {
		if strings.Contains(s, d) {
			return true
		}
	}
	for _, w := range m.words {
		if containsFold(s, w) {
			return true
		}
	}
	return false
}

// mayNameBytes is mayName for a whole body, without copying it.
func (m *Matcher) mayNameBytes(b []byte) bool {
	for _, d := range m.digits {
		if bytes.Contains(b, []byte(d)) {
			return true
		}
	}
	for _, w := range m.words {
		if containsFold(string(b), w) {
			return true
		}
	}
	return false
}

// mayStart reports whether a mention can begin at line[i].
func (m *Matcher) mayStart(line string, i int) bool { return startsWithPair(line, i, m.pairs) }

func containsFold(s, lower string) bool {
	for i := 0; i+len(lower) <= len(s); i++ {
		if hasPrefixFold(s[i:], lower) {
			return true
		}
	}
	return false
}
