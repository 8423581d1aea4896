package report

import (
	"regexp"
	"slices"
	"strings"
)

// idPattern matches a document or record id as the report prints it in
// prose and lists: capitals and digits joined by hyphens, ending in a
// number or a code with one (SOP-012, RI-07, CAPA-2026-001, REC-004).
var idPattern = regexp.MustCompile(`\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[A-Z0-9]*[0-9][A-Z0-9]*\b`)

// keepWhole lists the elements whose text keepIDs leaves alone: the head,
// charts (SVG has no span), and code, which the CSS keeps on one line.
var keepWhole = []string{"head", "svg", "code", "style", "script", "textarea"}

// keepIDs wraps every id in the text of the page in <span class="id">,
// which the CSS keeps on one line: a browser breaks lines at hyphens, and
// a printed "SOP-" with "012" on the next line reads as two things. The
// page is html/template's output, so "<" and ">" in text and attribute
// values are escaped and every "<" opens a tag.
func keepIDs(page string) string {
	var b strings.Builder
	b.Grow(len(page) + len(page)/8)
	skip := ""
	for page != "" {
		lt := strings.IndexByte(page, '<')
		if lt < 0 {
			lt = len(page)
		}
		// Every id has a hyphen: most text has none, and is copied
		// without running the pattern (most of the page's time).
		if skip == "" && strings.IndexByte(page[:lt], '-') >= 0 {
			b.WriteString(idPattern.ReplaceAllString(page[:lt], `<span class="id">$0</span>`))
		} else {
			b.WriteString(page[:lt])
		}
		page = page[lt:]
		gt := strings.IndexByte(page, '>')
		if gt < 0 {
			b.WriteString(page)
			break
		}
		tag := page[:gt+1]
		b.WriteString(tag)
		page = page[gt+1:]
		name := tag[1 : len(tag)-1]
		if i := strings.IndexAny(name, " \t\n/"); i > 0 {
			name = name[:i]
		}
		name = strings.ToLower(name)
		switch {
		case skip == "" && slices.Contains(keepWhole, name):
			skip = name
		case skip != "" && name == "/"+skip:
			skip = ""
		}
	}
	return b.String()
}
