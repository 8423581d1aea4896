package adopt

import (
	"fmt"
	"io"
	"strings"
)

// context is the number of unchanged lines shown around a change.
const context = 3

// WriteDiff prints the change as a unified diff that git apply and patch
// accept. Import changes only the top of a file, so one hunk holds it.
func (c Change) WriteDiff(w io.Writer) error {
	old, new := splitLines(c.Old), splitLines(c.New)
	from := "a/" + c.Path
	if c.Old == nil {
		from = "/dev/null"
	}
	// The common prefix and suffix are unchanged; the middle is diffed.
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	if p == len(old) && p == len(new) {
		return nil
	}
	start := max(0, p-context)
	oldEnd, newEnd := len(old)-s+min(context, s), len(new)-s+min(context, s)
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n+++ b/%s\n", from, c.Path)
	fmt.Fprintf(&b, "@@ -%s +%s @@\n", span(start, oldEnd-start), span(start, newEnd-start))
	for _, l := range old[start:p] {
		line(&b, ' ', l)
	}
	for _, op := range lcsDiff(old[p:len(old)-s], new[p:len(new)-s]) {
		line(&b, op.kind, op.text)
	}
	for _, l := range old[len(old)-s : oldEnd] {
		line(&b, ' ', l)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func span(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func line(b *strings.Builder, kind byte, text string) {
	b.WriteByte(kind)
	b.WriteString(text)
	if !strings.HasSuffix(text, "\n") {
		b.WriteString("\n\\ No newline at end of file\n")
	}
}

// splitLines splits after each "\n", keeping it.
func splitLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

type op struct {
	kind byte
	text string
}

// lcsDiff is the classic longest-common-subsequence diff: quadratic, which
// is fine for the few lines of a header.
func lcsDiff(a, b []string) []op {
	n, m := len(a), len(b)
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var out []op
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, op{' ', a[i]})
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			out = append(out, op{'-', a[i]})
			i++
		default:
			out = append(out, op{'+', b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, op{'-', a[i]})
	}
	for ; j < m; j++ {
		out = append(out, op{'+', b[j]})
	}
	return out
}
