package capadraft

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/qmslint/qmslint/internal/trace"
)

// scheme is a CAPA numbering scheme: CAPA-2026-004 (prefix, year,
// separator, three digits) or CAPA-012 (prefix, three digits).
type scheme struct {
	prefix string
	year   bool
	sep    string
	width  int
}

var (
	// A year scheme needs a separator between year and number, so that
	// CAPA-200123 reads as number 200123, not year 2001.
	yearID = regexp.MustCompile(`^(.*?)((?:19|20)\d\d)([-_./])(\d+)$`)
	seqID  = regexp.MustCompile(`^(.*?)(\d+)$`)
)

// validID is the id grammar of the schemas (defs.schema.json#/$defs/id):
// no slash and no leading dot, so an id can become a file name. A record
// whose id breaks it gets a schema finding and is no numbering to follow:
// "../../escaped/CAPA-2027-005" would put the next draft outside the
// repository.
var validID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]*$`)

// ValidID reports whether id follows the id grammar.
func ValidID(id string) bool { return validID.MatchString(id) }

// Usable splits CAPAs into those whose id follows the grammar, which
// NextID, Dir and FileName may follow, and the others.
func Usable(capas []*trace.CAPA) (ok, bad []*trace.CAPA) {
	for _, c := range capas {
		if ValidID(c.ID) {
			ok = append(ok, c)
		} else {
			bad = append(bad, c)
		}
	}
	return ok, bad
}

// defaultScheme is used when the repository has no CAPA yet.
var defaultScheme = scheme{prefix: "CAPA-", year: true, sep: "-", width: 3}

func parse(id string) (s scheme, year string, n int, ok bool) {
	if m := yearID.FindStringSubmatch(id); m != nil {
		n, _ = strconv.Atoi(m[4])
		return scheme{prefix: m[1], year: true, sep: m[3], width: len(m[4])}, m[2], n, true
	}
	if m := seqID.FindStringSubmatch(id); m != nil {
		n, _ = strconv.Atoi(m[2])
		return scheme{prefix: m[1], width: len(m[2])}, "", n, true
	}
	return scheme{}, "", 0, false
}

// latest is the most recently opened CAPA (by opened date, then id): its
// numbering and its directory are the ones in use now.
func latest(capas []*trace.CAPA) *trace.CAPA {
	var best *trace.CAPA
	for _, c := range capas {
		if best == nil || c.Opened > best.Opened || (c.Opened == best.Opened && c.ID > best.ID) {
			best = c
		}
	}
	return best
}

// NextID returns the next free CAPA id on date (YYYY-MM-DD) following the
// numbering of the latest CAPA: the highest number of that scheme (in that
// year, for year schemes) plus one, skipping ids taken by anything else.
func NextID(capas []*trace.CAPA, date string, taken func(string) bool) string {
	s := defaultScheme
	if c := latest(capas); c != nil {
		if ls, _, _, ok := parse(c.ID); ok {
			s = ls
		}
	}
	year := date[:4]
	highest := 0
	for _, c := range capas {
		cs, cy, n, ok := parse(c.ID)
		if !ok || cs.prefix != s.prefix || cs.year != s.year || (s.year && cy != year) {
			continue
		}
		highest = max(highest, n)
		s.width = max(s.width, cs.width)
	}
	for n := highest + 1; ; n++ {
		id := s.format(year, n)
		if taken == nil || !taken(id) {
			return id
		}
	}
}

func (s scheme) format(year string, n int) string {
	num := fmt.Sprintf("%0*d", s.width, n)
	if s.year {
		return s.prefix + year + s.sep + num
	}
	return s.prefix + num
}

// Dir is the directory (relative to the root, slash-separated) where most
// CAPA records live, the latest one's on a tie; "capa" when there are none.
func Dir(capas []*trace.CAPA) string {
	if len(capas) == 0 {
		return "capa"
	}
	count := map[string]int{}
	for _, c := range capas {
		count[path.Dir(c.File)]++
	}
	pref := path.Dir(latest(capas).File)
	best := pref
	for d, n := range count {
		if n > count[best] || (n == count[best] && best != pref && d < best) {
			best = d
		}
	}
	return best
}

// FileName follows the latest CAPA's naming: "<id>.md" when it is named by
// its id alone, else "<id>-<slug of the title>.md".
func FileName(capas []*trace.CAPA, id, title string) string {
	if c := latest(capas); c != nil && path.Base(c.File) == c.ID+".md" {
		return id + ".md"
	}
	if s := slug(title); s != "" {
		return id + "-" + s + ".md"
	}
	return id + ".md"
}

// slug keeps the first words of title, lower-case ASCII letters and
// digits joined by '-', short enough for a file name.
func slug(title string) string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	}) {
		words = append(words, w)
		if len(words) == 6 {
			break
		}
	}
	return strings.Join(words, "-")
}
