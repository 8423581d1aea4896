// Package dialect reads a company's own front matter as qmslint's model.
//
// A QMS adopted from elsewhere names its fields its own way (doc_id,
// version, doc_type: "Procedure", effective_date: 3/10/2022). A dialect in
// .qmslint.yaml maps those names and values onto qmslint's fields when the
// document is read, so the files stay as the company writes them, and
// every finding still points at the line where the company's field is.
package dialect

import (
	"sort"
	"strconv"
	"strings"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// Headers: how front matter is delimited.
const (
	// HeaderFenced is "---" on the first line, YAML, then "---".
	HeaderFenced = "fenced"
	// HeaderOpen is YAML from the first line, ended by "---" (the comply
	// convention); fenced front matter is still read.
	HeaderOpen = "open"
)

// Targets are qmslint's fields a company's field may be mapped to. Nested
// fields are written with a dot.
var Targets = []string{
	"id", "kind", "title", "revision", "status", "owner", "effective",
	"review.last", "review.interval_months", "clauses", "references", "superseded_by",
}

// dateTargets hold dates, rewritten to YYYY-MM-DD when a layout reads them.
var dateTargets = map[string]bool{"effective": true, "review.last": true}

// Dialect is the mapping of one company's front matter.
type Dialect struct {
	// Header is HeaderFenced or HeaderOpen.
	Header string
	// Fields maps the company's field name to a Target.
	Fields map[string]string
	// Values maps, per target, the company's value to qmslint's; an empty
	// qmslint value means "not set".
	Values map[string]map[string]string
	// Dates are the layouts of dates as written, in the config's notation
	// (DD.MM.YYYY, M/D/YYYY, MMM D YYYY) or Go's (2 Jan 2006).
	Dates []string
	// Missing are values that mean "not known yet" (TBD): such a field
	// is read as absent, so the finding is "missing", not "invalid".
	Missing []string
	// ClauseStandard prefixes bare clause numbers in a mapped clauses
	// field ("A.5.1" becomes ISO27001:A.5.1); "" leaves them as written.
	ClauseStandard string
	// Table maps the header cells of a metadata table at the top of the
	// body (| Document number | Revision |) to targets; nil reads none.
	Table map[string]string
	// Catalogs are the standards whose names and annexes a clauses field
	// may use: the configuration's (config.Config.Known); nil means the
	// shipped ones.
	Catalogs *catalog.Set

	layouts []string
}

// Empty reports whether the dialect changes nothing.
func (d *Dialect) Empty() bool {
	return d == nil || (d.Header != HeaderOpen && len(d.Fields) == 0 && len(d.Values) == 0 &&
		len(d.Dates) == 0 && len(d.Missing) == 0 && d.ClauseStandard == "" && len(d.Table) == 0)
}

// IsTarget reports whether t is a field a company's field may map to.
func IsTarget(t string) bool {
	for _, x := range Targets {
		if x == t {
			return true
		}
	}
	return false
}

// Apply returns meta read through the dialect, with positions for the
// mapped fields at the company's fields. meta and pos are not changed.
func (d *Dialect) Apply(meta map[string]any, pos yamlpos.Positions) (map[string]any, yamlpos.Positions) {
	if d.Empty() {
		return meta, pos
	}
	out := make(map[string]any, len(meta))
	outPos := make(yamlpos.Positions, len(pos))
	for k, v := range pos {
		outPos[k] = v
	}
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// qmslint's own fields first: written explicitly, they win over a
	// company field mapped onto the same name.
	for _, k := range keys {
		if _, mapped := d.Fields[k]; !mapped {
			out[k] = meta[k]
		}
	}
	for _, k := range keys {
		target, mapped := d.Fields[k]
		if !mapped {
			continue
		}
		if target == k {
			out[k] = meta[k]
			continue
		}
		top, sub, nested := strings.Cut(target, ".")
		if !nested {
			if _, own := out[top]; own {
				continue
			}
			out[top] = meta[k]
			movePositions(outPos, yamlpos.Pointer(k), yamlpos.Pointer(top))
			continue
		}
		parent, _ := out[top].(map[string]any)
		if parent == nil {
			parent = map[string]any{}
			if p, ok := pos[yamlpos.Pointer(k)]; ok {
				outPos[yamlpos.Pointer(top)] = p
			}
		} else {
			parent = cloneMap(parent)
		}
		if _, own := parent[sub]; own {
			continue
		}
		parent[sub] = meta[k]
		out[top] = parent
		movePositions(outPos, yamlpos.Pointer(k), yamlpos.Pointer(top, sub))
	}
	d.normalize(out)
	return out, outPos
}

// normalize applies value maps, missing values, dates and clause ids to
// qmslint's fields in place.
func (d *Dialect) normalize(m map[string]any) {
	for _, t := range Targets {
		top, sub, nested := strings.Cut(t, ".")
		holder := m
		key := top
		if nested {
			h, ok := m[top].(map[string]any)
			if !ok {
				continue
			}
			holder, key = h, sub
		}
		v, ok := holder[key]
		if !ok {
			continue
		}
		nv, keep := d.value(t, v)
		if !keep {
			delete(holder, key)
			continue
		}
		holder[key] = nv
	}
}

// value is one field's value read through the dialect; keep is false when
// the value means "not set".
func (d *Dialect) value(target string, v any) (any, bool) {
	if s, ok := v.(string); ok {
		s = strings.TrimSpace(s)
		if d.isMissing(s) {
			return nil, false
		}
		if vm, ok := d.Values[target]; ok {
			if mapped, found := lookupFold(vm, s); found {
				if mapped == "" {
					return nil, false
				}
				s = mapped
			}
		}
		if dateTargets[target] {
			s = d.date(s)
		}
		if target == "clauses" {
			return []any{d.clause(s)}, true
		}
		return s, true
	}
	if v == nil {
		return nil, false
	}
	if f, ok := v.(float64); ok && target == "revision" {
		// version: 1.0 is a revision name, not a number to compute with.
		return strconv.FormatFloat(f, 'f', -1, 64), true
	}
	if list, ok := v.([]any); ok && target == "clauses" {
		out := make([]any, 0, len(list))
		for _, e := range list {
			if s, ok := e.(string); ok {
				if d.isMissing(strings.TrimSpace(s)) {
					continue
				}
				out = append(out, d.clause(strings.TrimSpace(s)))
				continue
			}
			out = append(out, e)
		}
		return out, true
	}
	return v, true
}

func (d *Dialect) isMissing(s string) bool {
	for _, m := range d.Missing {
		if strings.EqualFold(s, m) {
			return true
		}
	}
	return false
}

// lookupFold finds s in m exactly, else ignoring case, so that a value map
// written {Approved: approved} also reads "APPROVED".
func lookupFold(m map[string]string, s string) (string, bool) {
	if v, ok := m[s]; ok {
		return v, true
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.EqualFold(k, s) {
			return m[k], true
		}
	}
	return "", false
}

func movePositions(pos yamlpos.Positions, from, to string) {
	moved := yamlpos.Positions{}
	for k, p := range pos {
		if k == from || strings.HasPrefix(k, from+"/") {
			moved[to+strings.TrimPrefix(k, from)] = p
		}
	}
	for k, p := range moved {
		pos[k] = p
	}
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
