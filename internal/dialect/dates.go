package dialect

import (
	"fmt"
	"strings"
	"time"
)

// layoutTokens translate the notation QA managers write (DD.MM.YYYY) into
// Go layouts, longest token first so MMM is not read as MM then M.
var layoutTokens = []struct{ token, layout string }{
	{"YYYY", "2006"}, {"YY", "06"},
	{"MMMM", "January"}, {"MMM", "Jan"}, {"MM", "01"}, {"M", "1"},
	{"DD", "02"}, {"D", "2"},
}

// Layout turns a date format as written in .qmslint.yaml into a Go
// layout. A format that already contains Go's reference year (2006) is
// taken as a Go layout.
func Layout(format string) (string, error) {
	if strings.Contains(format, "2006") {
		return format, nil
	}
	var b strings.Builder
	rest := format
	year := false
	for rest != "" {
		matched := false
		for _, t := range layoutTokens {
			if strings.HasPrefix(rest, t.token) {
				b.WriteString(t.layout)
				rest = rest[len(t.token):]
				year = year || strings.HasPrefix(t.token, "Y")
				matched = true
				break
			}
		}
		if !matched {
			c := rest[0]
			if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
				return "", fmt.Errorf("date format %q: %q is not one of YYYY, YY, MMMM, MMM, MM, M, DD, D", format, string(c))
			}
			b.WriteByte(c)
			rest = rest[1:]
		}
	}
	if !year {
		return "", fmt.Errorf("date format %q has no year (YYYY)", format)
	}
	return b.String(), nil
}

// SetDates sets the date formats, checking each.
func (d *Dialect) SetDates(formats []string) error {
	d.Dates, d.layouts = formats, nil
	for _, f := range formats {
		l, err := Layout(f)
		if err != nil {
			return err
		}
		d.layouts = append(d.layouts, l)
	}
	return nil
}

// date rewrites s to YYYY-MM-DD when one of the layouts reads it, and
// leaves it as written otherwise, for the schema to report.
func (d *Dialect) date(s string) string {
	if _, err := time.Parse("2006-01-02", s); err == nil {
		return s
	}
	for _, l := range d.layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return s
}
