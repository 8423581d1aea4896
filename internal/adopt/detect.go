package adopt

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/qmslint/qmslint/internal/dialect"
	"github.com/qmslint/qmslint/internal/model"
)

// Detected is the front-matter dialect found in a tree.
type Detected struct {
	Header string // dialect.HeaderFenced or dialect.HeaderOpen
	// Fields maps the company's field names to qmslint's.
	Fields map[string]string
	// Values maps, per qmslint field, the company's values to qmslint's
	// ("" for a value with no qmslint equivalent).
	Values map[string]map[string]string
	// Unmapped lists values no table knows, per field, for the comments.
	Unmapped map[string][]string
	Dates    []string
	Missing  []string
	// ClauseStandard prefixes bare clause numbers of a mapped clauses
	// field, when the system names one standard only.
	ClauseStandard string
	// Table maps metadata-table header cells to qmslint's fields.
	Table map[string]string
	// Headers counts files by header: fenced, open, own (qmslint's
	// fields already), none.
	Headers map[string]int
	// Unused lists the company's fields left as written.
	Unused []string
}

// Dialect is the detected mapping as the loader applies it.
func (d Detected) Dialect() *dialect.Dialect {
	out := &dialect.Dialect{Header: d.Header, Fields: d.Fields, Values: d.Values, Missing: d.Missing, Table: d.Table, ClauseStandard: d.ClauseStandard}
	_ = out.SetDates(d.Dates) // the formats come from dateFormats, all valid
	return out
}

// Empty reports whether the documents need no mapping.
func (d Detected) Empty() bool { return d.Dialect().Empty() }

// declaredKind is the qmslint kind a header declares through the mapping.
func (d Detected) declaredKind(meta map[string]any) string {
	if meta == nil {
		return ""
	}
	m, _ := d.Dialect().Apply(meta, nil)
	k, _ := m["kind"].(string)
	if slices.Contains(model.DocumentKinds, k) {
		return k
	}
	return ""
}

func detectDialect(files []*File) Detected {
	d := Detected{Header: dialect.HeaderFenced, Fields: map[string]string{}, Values: map[string]map[string]string{},
		Unmapped: map[string][]string{}, Headers: map[string]int{}}
	// Which company field holds each qmslint field: the most used alias.
	votes := map[string]map[string]int{}
	unused := map[string]bool{}
	for _, f := range files {
		if f.src.header == headerNone {
			d.Headers["none"]++
			continue
		}
		d.Headers[f.src.header]++
		for _, k := range f.src.keys {
			lk := strings.ToLower(k)
			if ownFields[k] {
				continue
			}
			if t, ok := fieldAliases[lk]; ok {
				if votes[t] == nil {
					votes[t] = map[string]int{}
				}
				votes[t][k]++
				continue
			}
			unused[k] = true
		}
	}
	if d.Headers[headerOpen] > 0 {
		d.Header = dialect.HeaderOpen
	}
	// A list of another framework's criteria (SOC 2's CC6.1) is not a list
	// of clauses: mapped, it would be read, and imported, as invalid ones.
	if vs, ok := votes["clauses"]; ok {
		for k := range vs {
			if !clauseValues(files, k) {
				delete(vs, k)
				unused[k] = true
			}
		}
		if len(vs) == 0 {
			delete(votes, "clauses")
		}
	}
	for t, vs := range votes {
		best := ""
		for k, n := range vs {
			if best == "" || n > vs[best] || n == vs[best] && k < best {
				best = k
			}
		}
		for k := range vs {
			if k != best {
				unused[k] = true
			}
		}
		d.Fields[best] = t
	}
	if t, ok := d.Fields["title"]; ok && t == "title" {
		delete(d.Fields, "title")
	}
	for k := range unused {
		d.Unused = append(d.Unused, k)
	}
	sort.Strings(d.Unused)
	d.detectValues(files)
	d.detectTable(files)
	return d
}

// values returns the distinct string values of qmslint field target as
// the files write it (through the company's field or qmslint's own).
func (d Detected) values(files []*File, target string) []string {
	seen := map[string]bool{}
	for _, f := range files {
		for _, k := range f.src.keys {
			if d.Fields[k] == target || k == target && d.Fields[k] == "" {
				if s, ok := f.src.meta[k].(string); ok {
					seen[strings.TrimSpace(s)] = true
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func (d *Detected) detectValues(files []*File) {
	missing := map[string]bool{}
	for _, t := range dialect.Targets {
		for _, v := range d.values(files, t) {
			for _, m := range missingWords {
				if strings.EqualFold(v, m) {
					missing[m] = true
				}
			}
		}
	}
	for _, m := range missingWords {
		if missing[m] {
			d.Missing = append(d.Missing, m)
		}
	}
	isMissing := func(v string) bool {
		return v == "" || missing[v] || slices.ContainsFunc(d.Missing, func(m string) bool { return strings.EqualFold(m, v) })
	}

	kinds := map[string]string{}
	for _, v := range d.values(files, "kind") {
		if isMissing(v) || slices.Contains(model.DocumentKinds, v) {
			continue
		}
		k := kindIn(v)
		if k == "" {
			k = commonKind(files, d, v)
		}
		if k == "" {
			d.Unmapped["kind"] = append(d.Unmapped["kind"], v)
		}
		kinds[v] = k
	}
	if len(kinds) > 0 {
		d.Values["kind"] = kinds
	}
	statuses := map[string]string{}
	for _, v := range d.values(files, "status") {
		if isMissing(v) || slices.Contains([]string{"draft", "in-review", "approved", "obsolete"}, v) {
			continue
		}
		st, ok := statusWords[strings.ToLower(v)]
		if !ok {
			d.Unmapped["status"] = append(d.Unmapped["status"], v)
			continue
		}
		statuses[v] = st
	}
	if len(statuses) > 0 {
		d.Values["status"] = statuses
	}
	for _, t := range []string{"effective", "review.last"} {
		for _, v := range d.values(files, t) {
			if !isMissing(v) {
				d.addDateFormat(v)
			}
		}
	}
}

// addDateFormat adds the first of dateFormats that reads v, unless v is
// written YYYY-MM-DD already; the formats stay in dateFormats' order.
func (d *Detected) addDateFormat(v string) {
	if _, err := time.Parse("2006-01-02", v); err == nil {
		return
	}
	for _, f := range dateFormats {
		l, _ := dialect.Layout(f)
		if _, err := time.Parse(l, v); err != nil {
			continue
		}
		if !slices.Contains(d.Dates, f) {
			d.Dates = append(d.Dates, f)
			sort.Slice(d.Dates, func(i, j int) bool {
				return slices.Index(dateFormats, d.Dates[i]) < slices.Index(dateFormats, d.Dates[j])
			})
		}
		return
	}
}

// commonKind is the kind the names and titles of the files declaring
// value agree on, "" when they disagree ("Governance" over a manual, a
// policy and objectives).
func commonKind(files []*File, d *Detected, value string) string {
	kind := ""
	for _, f := range files {
		for _, k := range f.src.keys {
			if s, _ := f.src.meta[k].(string); (d.Fields[k] == "kind" || k == "kind") && strings.TrimSpace(s) == value {
				g := guessKind(f.Path, f.Title)
				if kind != "" && g != kind {
					return ""
				}
				kind = g
			}
		}
	}
	return kind
}

// detectTable looks for metadata tables at the top of files without a
// header, and keeps the header cells that name a field.
func (d *Detected) detectTable(files []*File) {
	probe := &dialect.Dialect{Table: map[string]string{}}
	for cell, t := range tableFields {
		probe.Table[cell] = t
	}
	found := map[string]string{}
	n := 0
	for _, f := range files {
		if f.src.header != headerNone {
			continue
		}
		meta, _, ok := probe.FromTable(f.src.body, f.src.bodyStart)
		if _, hasID := meta["id"]; !ok || !hasID || len(meta) < 2 {
			continue
		}
		n++
		if v, ok := meta["effective"].(string); ok {
			d.addDateFormat(v)
		}
		for _, cell := range tableCells(f.src.body) {
			if t, ok := tableFields[strings.ToLower(strings.TrimSpace(stripMarks(cell)))]; ok {
				found[strings.TrimSpace(stripMarks(cell))] = t
			}
		}
	}
	if n > 0 {
		d.Table = found
		d.Headers["table"] = n
	}
}

var describesRE = regexp.MustCompile(`(?i)\b(?:(?:EN\s+)?ISO(?:/IEC)?|IEC|EN)\s*\d{4,5}(?:-\d+)?(?::\d{4})?|\bMDR\b|\bMDD\b|\bIVDR\b|\(\d+/\d+/EEC\)|\bRegulation\s+\(EU\)\s*\d{4}/\d+`)

// describeWords are the words left in the title of a page about a standard
// once the standard is taken out ("ISO 13485:2016 Mapping of Requirements
// to Documents").
var describeWords = map[string]bool{"mapping": true, "overview": true, "requirements": true, "summary": true, "standard": true,
	"checklist": true, "of": true, "to": true, "the": true, "documents": true, "document": true, "for": true, "and": true,
	"essential": true, "general": true, "safety": true, "performance": true, "clauses": true, "annex": true}

// describesStandard reports whether a title is about a standard itself.
func describesStandard(title string) bool {
	if !describesRE.MatchString(title) {
		return false
	}
	rest := describesRE.ReplaceAllString(title, " ")
	for _, w := range strings.FieldsFunc(strings.ToLower(rest), func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		if !describeWords[w] {
			return false
		}
	}
	return true
}

// tableCells lists the cells of the top table's first two columns.
func tableCells(body []byte) []string {
	var out []string
	for i, l := range strings.Split(string(body), "\n") {
		if i > 40 {
			break
		}
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "|") {
			if len(out) > 0 {
				break
			}
			continue
		}
		out = append(out, strings.Split(strings.Trim(t, "|"), "|")...)
	}
	return out
}

func stripMarks(s string) string { return strings.Trim(strings.TrimSpace(s), "*_`") }

// clauseValues reports whether every value of field k reads as a clause.
func clauseValues(files []*File, k string) bool {
	for _, f := range files {
		v, ok := f.src.meta[k]
		if !ok {
			continue
		}
		list, isList := v.([]any)
		if s, isStr := v.(string); isStr {
			list, isList = []any{s}, true
		}
		if !isList {
			return false
		}
		for _, e := range list {
			if s, ok := e.(string); !ok || !dialect.IsClause(s) {
				return false
			}
		}
	}
	return true
}
