package termtable

import (
	"regexp"
	"strings"
)

var (
	mdLink   = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	mdStrong = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__`)
	mdCode   = regexp.MustCompile("`([^`]+)`")
	mdRule   = regexp.MustCompile(`^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$`)
)

// Markdown renders the small Markdown of rule documentation for a
// terminal: headings underlined, emphasis and code spans as their text,
// links as "text (url)", fenced code blocks indented by four spaces
// without their fences, and pipe tables drawn as tables within width.
func Markdown(md string, width int) string {
	var out []string
	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		switch {
		case strings.HasPrefix(line, "```"):
			for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
				if lines[i] == "" {
					out = append(out, "")
				} else {
					out = append(out, "    "+lines[i])
				}
			}
		case strings.HasPrefix(line, "#"):
			text := inline(strings.TrimSpace(strings.TrimLeft(line, "#")))
			out = append(out, text, strings.Repeat("=", len([]rune(text))))
		case strings.HasPrefix(line, "|") && i+1 < len(lines) && mdRule.MatchString(strings.TrimSpace(lines[i+1])):
			t := Table{Header: cells(line)}
			for i += 2; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
				t.Rows = append(t.Rows, cells(lines[i]))
			}
			i--
			for c := range t.Header {
				t.Wrap = append(t.Wrap, c)
			}
			var b strings.Builder
			_ = t.Render(&b, width)
			out = append(out, strings.TrimSuffix(b.String(), "\n"))
		default:
			out = append(out, inline(line))
		}
	}
	return strings.Join(out, "\n") + "\n"
}

// cells splits a pipe table row, "| a | `b` |", into its rendered cells.
func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|")
	var out []string
	for _, c := range strings.Split(strings.ReplaceAll(row, `\|`, "\x00"), "|") {
		out = append(out, inline(strings.ReplaceAll(strings.TrimSpace(c), "\x00", "|")))
	}
	return out
}

func inline(s string) string {
	s = mdLink.ReplaceAllString(s, "$1 ($2)")
	s = mdStrong.ReplaceAllString(s, "$1$2")
	return mdCode.ReplaceAllString(s, "$1")
}
