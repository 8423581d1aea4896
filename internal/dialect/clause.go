package dialect

import (
	"regexp"
	"strings"
	"sync"

	"github.com/qmslint/qmslint/internal/catalog"
)

// clauseReader reads a clause as companies write it in a front-matter
// list: "ISO 27001:2022 A.5.1", "ISO/IEC 27001 - 8.13", "ISO13485 7.3",
// "A.5.1", with the names and annexes of the catalogs.
type clauseReader struct {
	re       *regexp.Regexp
	standard map[string]string // designation (upper case) → clause id prefix
	prefixes []string          // "STD:" of every catalog
}

var readers struct {
	sync.Mutex
	m map[*catalog.Set]*clauseReader
}

// maxReaders bounds what a long-running process (the language server,
// whose configuration may be read again on every edit) keeps.
const maxReaders = 16

// reader returns the clause reader of a set of catalogs, made once per
// set: sets are read-only once made.
func reader(set *catalog.Set) *clauseReader {
	if set == nil {
		set = catalog.Builtin()
	}
	readers.Lock()
	defer readers.Unlock()
	if r := readers.m[set]; r != nil {
		return r
	}
	all := set.All()
	r := &clauseReader{standard: map[string]string{}}
	pubs, desigs, annexes := map[string]bool{}, []string{}, map[string]bool{}
	for _, c := range all {
		r.prefixes = append(r.prefixes, c.Standard+":")
		if a := c.Grammar.Annex; a != "" {
			annexes[regexp.QuoteMeta(a)] = true
		}
		if c.Names.Designation == "" {
			continue
		}
		desigs = append(desigs, regexp.QuoteMeta(c.Names.Designation))
		r.standard[strings.ToUpper(c.Names.Designation)] = c.Standard
		for _, p := range c.Names.Publishers {
			parts := strings.Split(p, "/")
			for i := range parts {
				parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(parts[i])), `\s+`)
			}
			pubs[strings.Join(parts, `\s*/\s*`)] = true
		}
	}
	name := `(\b\B)` // matches nothing without catalogs that name themselves
	if len(desigs) > 0 {
		name = `(?:(?:EN\s+)?(?:` + strings.Join(sortedLongestFirst(pubs), "|") + `)\s*(` + strings.Join(desigs, "|") + `)(?::\s*\d{4})?\s*[-:–—]?\s*)`
	}
	annex := ""
	if len(annexes) > 0 {
		annex = `(?:` + strings.Join(sortedLongestFirst(annexes), "|") + `)?`
	}
	r.re = regexp.MustCompile(`^(?i:` + name + `?)(?:(?i:clause|control)\s+)?(` + annex + `\d+(?:\.\d+)*)$`)
	if readers.m == nil || len(readers.m) >= maxReaders {
		readers.m = map[*catalog.Set]*clauseReader{}
	}
	readers.m[set] = r
	return r
}

// sortedLongestFirst lists a set so that an alternation tries "ISO/IEC"
// before "ISO".
func sortedLongestFirst(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && (len(out[j]) > len(out[j-1]) || len(out[j]) == len(out[j-1]) && out[j] < out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func (r *clauseReader) qualified(s string) bool {
	for _, p := range r.prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// clause returns a clause id in qmslint's form when s names one, else s
// as written (an id of another framework, for the schema to report).
func (d *Dialect) clause(s string) string {
	r := reader(d.Catalogs)
	if r.qualified(s) {
		return s
	}
	m := r.re.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	std := d.ClauseStandard
	if m[1] != "" {
		std = r.standard[strings.ToUpper(m[1])]
	}
	if std == "" {
		return s
	}
	return std + ":" + m[2]
}

// IsClause reports whether s reads as a clause of a standard with a
// shipped catalog (qmslint's id form, a catalog's name and a number, or an
// annex number alone), not as a criterion of another framework (SOC 2's
// CC6.1).
func IsClause(s string) bool {
	s = strings.TrimSpace(s)
	r := reader(nil)
	return r.qualified(s) || r.re.MatchString(s)
}
