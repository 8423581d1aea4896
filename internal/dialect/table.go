package dialect

import (
	"bytes"
	"strings"

	"github.com/qmslint/qmslint/internal/yamlpos"
)

// maxTableStart bounds where a metadata table may start: it sits at the top
// of a document, under the title, never in its middle.
const maxTableStart = 30

// FromTable reads the metadata table at the top of a Markdown body, in one
// of the two shapes companies use: a header row naming the fields over one
// row of values (| Document number | Revision |), or rows of field and
// value (| Revision | 3 |). Cells are mapped through Table and read like
// front matter. ok is false when the table gives no id.
func (d *Dialect) FromTable(body []byte, first int) (map[string]any, yamlpos.Positions, bool) {
	if d == nil || len(d.Table) == 0 {
		return nil, nil, false
	}
	rows, lines, cols := topTable(body, first)
	if len(rows) < 2 {
		return nil, nil, false
	}
	meta := map[string]any{}
	pos := yamlpos.Positions{}
	set := func(header, value string, line, col int) {
		target, found := lookupFold(d.Table, strings.TrimSpace(stripEmphasis(header)))
		value = strings.TrimSpace(stripEmphasis(value))
		if !found || value == "" {
			return
		}
		top, sub, nested := strings.Cut(target, ".")
		p := yamlpos.Pos{Line: line, Col: col}
		if !nested {
			meta[top] = value
			pos[yamlpos.Pointer(top)] = p
			return
		}
		parent, _ := meta[top].(map[string]any)
		if parent == nil {
			parent = map[string]any{}
			pos[yamlpos.Pointer(top)] = p
		}
		parent[sub] = value
		meta[top] = parent
		pos[yamlpos.Pointer(top, sub)] = p
	}
	// rows[1] is the separator. The shape with more mapped names wins: a
	// header of field names, or a first column of them.
	headed, keyed := 0, 0
	for _, h := range rows[0] {
		if d.mapped(h) {
			headed++
		}
	}
	for _, r := range rows[2:] {
		if len(r) >= 2 && d.mapped(r[0]) {
			keyed++
		}
	}
	if d.mapped(rows[0][0]) && len(rows[0]) >= 2 && !d.mapped(rows[0][1]) {
		keyed++ // the header row is itself a field and its value
	}
	switch {
	case keyed > headed:
		for i, r := range rows {
			if i != 1 && len(r) >= 2 {
				set(r[0], r[1], lines[i], cols[i][1])
			}
		}
	case len(rows) == 3:
		// One row of values: a header over many rows is a list of
		// documents, not the metadata of this one.
		for j, h := range rows[0] {
			if j < len(rows[2]) {
				set(h, rows[2][j], lines[2], cols[2][j])
			}
		}
	}
	// Without a document number, a one-row table at the top is as likely
	// a list of documents as this document's metadata.
	if _, hasID := meta["id"]; !hasID {
		return nil, nil, false
	}
	d.normalize(meta)
	return meta, pos, true
}

// mapped reports whether a cell names a field of the table mapping.
func (d *Dialect) mapped(cell string) bool {
	_, found := lookupFold(d.Table, strings.TrimSpace(stripEmphasis(cell)))
	return found
}

// topTable returns the cells of the first table among the body's first
// lines, before any heading but the title, with each row's line and each
// cell's 1-based column.
func topTable(body []byte, first int) (rows [][]string, lines []int, cols [][]int) {
	line := first
	inComment := false
	for rest := body; len(rest) > 0 && line < first+maxTableStart+len(rows); line++ {
		l, next, _ := bytes.Cut(rest, []byte{'\n'})
		rest = next
		t := strings.TrimRight(string(l), " \t\r")
		trimmed := strings.TrimSpace(t)
		switch {
		case inComment:
			inComment = !strings.Contains(t, "-->")
			continue
		case strings.HasPrefix(trimmed, "<!--"):
			inComment = !strings.Contains(t, "-->")
			continue
		case strings.HasPrefix(trimmed, "|"):
			cells, at := splitRow(t)
			rows, lines, cols = append(rows, cells), append(lines, line), append(cols, at)
			continue
		}
		if len(rows) > 0 {
			return rows, lines, cols
		}
		if strings.HasPrefix(trimmed, "## ") || strings.HasPrefix(trimmed, "### ") {
			return nil, nil, nil
		}
	}
	return rows, lines, cols
}

// splitRow splits "| a | b |" into its cells and their columns (bytes,
// 1-based, at the cell's first non-blank character).
func splitRow(l string) ([]string, []int) {
	var cells []string
	var at []int
	start := strings.IndexByte(l, '|') + 1
	for start <= len(l) {
		end := strings.IndexByte(l[start:], '|')
		if end < 0 {
			if strings.TrimSpace(l[start:]) != "" {
				cells = append(cells, l[start:])
				at = append(at, start+1+len(l[start:])-len(strings.TrimLeft(l[start:], " \t")))
			}
			break
		}
		cell := l[start : start+end]
		cells = append(cells, cell)
		at = append(at, start+1+len(cell)-len(strings.TrimLeft(cell, " \t")))
		start += end + 1
	}
	return cells, at
}

func stripEmphasis(s string) string {
	return strings.Trim(strings.TrimSpace(s), "*_`")
}
