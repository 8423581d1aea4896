package adopt

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/qmslint/qmslint/internal/catalog"
)

// A Statement of Applicability kept as a Markdown table: Annex A controls
// as bare numbers (5.1, 8.13) in the first column, under a heading or
// title naming Annex A or the SoA. Import writes it as a kind: soa
// register beside the document, which the soa.* rules read.

var (
	soaHeadingRE = regexp.MustCompile(`(?i)annex\s+a\b|statement\s+of\s+applicability|\bSoA\b`)
	controlRE    = regexp.MustCompile(`^(?:A\.)?([5-8]\.\d{1,2})$`)
	headingLine  = regexp.MustCompile(`^ {0,3}#{1,6}\s+(.*)$`)
)

// Column headers, lower-cased, by what the column says.
var soaColumns = []struct{ word, column string }{
	{"justification", "justification"}, {"reason", "justification"}, {"rationale", "justification"}, {"comment", "justification"},
	{"applicab", "applicable"}, {"included", "applicable"}, {"selected", "applicable"}, {"in scope", "applicable"},
	{"status", "status"}, {"implement", "status"},
}

// Cell values, lower-cased, by what they mean.
var (
	applicableWords = map[string]bool{"yes": true, "y": true, "✓": true, "✔": true, "x": true, "true": true, "applicable": true, "included": true,
		"no": false, "n": false, "✗": false, "✘": false, "false": false, "not applicable": false, "n/a": false, "excluded": false, "-": false}
	statusValues = map[string]string{"implemented": "implemented", "done": "implemented", "in place": "implemented",
		"partial": "partial", "partially implemented": "partial", "in progress": "partial",
		"planned": "planned", "not implemented": "planned", "todo": "planned", "open": "planned",
		"not applicable": "not-applicable", "n/a": "not-applicable"}
)

// soaRegister is the register for the document's SoA table; nil when it
// has none or the register is already written as it would be.
func (p *pending) soaRegister(root string) *Change {
	controls, _, _ := soaTable(p.src.body, title(p.src.body))
	if len(controls) == 0 {
		return nil
	}
	id, _ := p.meta["id"].(string)
	regPath := strings.TrimSuffix(p.path, path.Ext(p.path)) + ".soa.yaml"
	fields := []field{
		{key: "id", value: id + "-CONTROLS"},
		{key: "kind", value: "soa"},
		{key: "title", value: "Statement of Applicability (from " + path.Base(p.path) + ")"},
		{key: "status", value: "draft"},
		{key: "controls", value: controls},
	}
	yml, err := encodeFields(fields)
	if err != nil {
		return nil
	}
	text := append([]byte("# Written by qmslint import from the table of "+path.Base(p.path)+"; check it, then approve it.\n"), yml...)
	old, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(regPath)))
	if err == nil && string(old) == string(text) {
		return nil
	}
	return &Change{Path: regPath, Old: old, New: text, Draft: true, Note: "Statement of Applicability register"}
}

// soaLines are the first and last file lines of the SoA table; 0, -1
// when there is none.
func soaLines(body []byte, bodyStart int) (int, int) {
	controls, from, to := soaTable(body, title(body))
	if len(controls) == 0 {
		return 0, -1
	}
	return bodyStart + from, bodyStart + to
}

// soaTable reads the controls of the first table of Annex A controls, and
// the body lines (0-based) of its first and last row.
func soaTable(body []byte, docTitle string) (out []any, from, to int) {
	std := soaStandard()
	inScope := soaHeadingRE.MatchString(docTitle)
	var header []string
	lines := strings.Split(string(body), "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(strings.TrimRight(lines[i], "\r"))
		if m := headingLine.FindStringSubmatch(l); m != nil {
			if len(out) > 0 {
				return out, from, to
			}
			inScope = soaHeadingRE.MatchString(m[1]) || soaHeadingRE.MatchString(docTitle)
			continue
		}
		if !strings.HasPrefix(l, "|") {
			if len(out) > 0 {
				return out, from, to
			}
			header = nil
			continue
		}
		cells := cellsOf(l)
		if header == nil {
			header, from = cells, i
			continue
		}
		if !inScope || len(cells) == 0 {
			continue
		}
		m := controlRE.FindStringSubmatch(stripMarks(cells[0]))
		if m == nil || std == nil || !catalog.Known(std.Standard, std.Grammar.Annex+m[1]) {
			continue
		}
		out = append(out, control(std.ClauseID(std.Grammar.Annex+m[1]), header, cells))
		to = i
	}
	return out, from, to
}

func control(id string, header, cells []string) map[string]any {
	c := map[string]any{"control": id}
	for j, h := range header {
		if j == 0 || j >= len(cells) {
			continue
		}
		v := strings.TrimSpace(stripMarks(cells[j]))
		lv := strings.ToLower(v)
		switch columnOf(h) {
		case "applicable":
			if a, ok := applicableWords[lv]; ok {
				c["applicable"] = a
			}
		case "justification":
			if v != "" {
				c["justification"] = v
			}
		case "status":
			if s, ok := statusValues[lv]; ok {
				c["status"] = s
			}
		}
	}
	return c
}

func columnOf(h string) string {
	h = strings.ToLower(stripMarks(h))
	for _, c := range soaColumns {
		if strings.Contains(h, c.word) {
			return c.column
		}
	}
	return ""
}

func cellsOf(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	row = strings.TrimSuffix(row, "|")
	if strings.Trim(row, "-:| ") == "" {
		return nil // the separator
	}
	cells := strings.Split(row, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// soaStandard is the standard, among those adopt looks for, whose annex a
// Statement of Applicability decides; nil when there is none.
func soaStandard() *catalog.Catalog {
	for _, c := range surveyed() {
		if c.SoA != nil {
			return c
		}
	}
	return nil
}
