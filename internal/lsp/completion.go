package lsp

import (
	"regexp"
	"sort"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// completion offers, in front matter, the values a field takes: clause ids
// after clauses:, kinds after kind:, statuses after status:, document ids
// in the fields the schemas declare as ids (references:, superseded_by:
// ...). Items replace the partial id before the cursor.
func (s *Server) completion(_ *glsp.Context, p *protocol.CompletionParams) (any, error) {
	d, line, at, ok := s.cursor(p.TextDocumentPositionParams)
	if !ok {
		return nil, nil
	}
	text, shift := d.text, 0
	if isYAML(d.rel) {
		// A YAML file is all front matter.
		text, shift = "---\n"+text, 1
	}
	key := frontMatterKey(text, int(p.Position.Line)+shift, line, at)
	if key == "" {
		return nil, nil
	}
	_, start, _ := tokenAt(line, at)
	if start > at {
		start = at
	}
	n := protocol.UInteger(p.Position.Line)
	edit := protocol.Range{
		Start: protocol.Position{Line: n, Character: protocol.UInteger(toUTF16(line, start))},
		End:   protocol.Position{Line: n, Character: p.Position.Character},
	}
	var values [][2]string // label, detail
	switch {
	case key == "clauses":
		for _, c := range s.run(d.root).Catalogs.All() {
			for _, num := range c.Numbers() {
				values = append(values, [2]string{c.Standard + ":" + num, c.Clauses[num].Title})
			}
		}
	case key == "kind":
		for _, k := range kinds() {
			values = append(values, [2]string{k, ""})
		}
	case key == "status":
		f := schemaFields()
		list, ok := f.statuses[frontMatterValue(text, "kind")]
		if !ok {
			list = f.statuses[""]
		}
		for _, st := range list {
			values = append(values, [2]string{st, ""})
		}
	case schemaFields().idKeys[key]:
		its := items(s.run(d.root).Repo)
		self := frontMatterValue(text, "id")
		for id, it := range its {
			if id != self {
				values = append(values, [2]string{id, it.title})
			}
		}
		sort.Slice(values, func(i, j int) bool { return values[i][0] < values[j][0] })
	default:
		return nil, nil
	}
	kind := protocol.CompletionItemKindValue
	if key == "clauses" || schemaFields().idKeys[key] {
		kind = protocol.CompletionItemKindReference
	}
	out := make([]protocol.CompletionItem, 0, len(values))
	for _, v := range values {
		it := protocol.CompletionItem{Label: v[0], Kind: &kind, TextEdit: protocol.TextEdit{Range: edit, NewText: v[0]}}
		if v[1] != "" {
			detail := v[1]
			it.Detail = &detail
		}
		out = append(out, it)
	}
	return protocol.CompletionList{Items: out}, nil
}

var keyRe = regexp.MustCompile(`^(\s*)(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:`)

// frontMatterKey is the field whose value the cursor (line n, byte at of
// text line) is in, when it is in front matter; "" elsewhere or on the key
// itself.
func frontMatterKey(text string, n int, line string, at int) string {
	lines := strings.Split(text, "\n")
	if n <= 0 || n >= len(lines) || strings.TrimRight(lines[0], "\r ") != "---" {
		return ""
	}
	for i := 1; i < n; i++ {
		if t := strings.TrimRight(lines[i], "\r "); t == "---" || t == "..." {
			return ""
		}
	}
	if m := keyRe.FindStringSubmatchIndex(line); m != nil {
		if at < m[1] {
			return ""
		}
		return line[m[4]:m[5]]
	}
	indent := len(line) - len(strings.TrimLeft(line, " "))
	for i := n - 1; i > 0; i-- {
		m := keyRe.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		if len(m[1]) < indent || len(m[1]) == 0 {
			return m[2]
		}
	}
	return ""
}

// frontMatterValue is a top-level scalar of the buffer's front matter as
// written ("" when absent): the kind and id while the author types, before
// any evaluation has seen them.
func frontMatterValue(text, key string) string {
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], "\r ") != "---" {
		return ""
	}
	for _, l := range lines[1:] {
		l = strings.TrimRight(l, "\r ")
		if l == "---" || l == "..." {
			break
		}
		if v, ok := strings.CutPrefix(l, key+":"); ok {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}

func isYAML(rel string) bool {
	return strings.HasSuffix(rel, ".yaml") || strings.HasSuffix(rel, ".yml")
}
