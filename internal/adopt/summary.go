package adopt

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Summary prints what the survey found in a few lines.
func (s *Survey) Summary(w io.Writer) {
	controlled := len(s.controlled())
	fmt.Fprintf(w, "read %d Markdown files: %d documents, %d left out (%d ignore entries)\n", len(s.Files), controlled, len(s.Files)-controlled, len(s.Ignore))
	if len(s.Standards) > 0 {
		fmt.Fprintf(w, "standards named: %s\n", strings.Join(s.Standards, ", "))
	} else {
		fmt.Fprintf(w, "standards named: none; both kept\n")
	}
	d := s.Dialect
	switch with := d.Headers[headerFenced] + d.Headers[headerOpen]; {
	case with == 0:
		fmt.Fprintf(w, "front matter: none; qmslint import writes it\n")
	case d.Empty():
		fmt.Fprintf(w, "front matter: qmslint's own in %d files\n", with)
	default:
		var pairs []string
		for _, k := range sortedKeys(d.Fields) {
			pairs = append(pairs, k+"→"+d.Fields[k])
		}
		fmt.Fprintf(w, "front matter: %d files in another dialect (%s header), mapped: %s\n", with, d.Header, strings.Join(pairs, ", "))
	}
	var kinds []string
	for _, k := range sortedKeys(s.Kinds) {
		kinds = append(kinds, fmt.Sprintf("%d %s", s.Kinds[k], k))
	}
	sort.Strings(kinds)
	fmt.Fprintf(w, "kinds (declared or guessed from names): %s\n", strings.Join(kinds, ", "))
	if s.Section+s.Leaf > 0 {
		fmt.Fprintf(w, "clause claims: %d, %d of them of a whole section: parent_covers_children: %v\n", s.Section+s.Leaf, s.Section, s.ParentCoversChildren())
	}
}
