package adopt

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Config writes the .qmslint.yaml for the survey: every choice with a
// comment saying what it rests on, so a QA manager can check and change it.
func (s *Survey) Config() []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Written by `qmslint init` from %d Markdown files. Each setting says what\n", len(s.Files))
	w("# it was chosen from; change what does not fit and run `qmslint lint`.\n")
	w("# Every setting is described in docs/format.md.\n\n")

	s.writeStandards(w)
	s.writeIgnore(w)
	s.writeDialect(w)
	s.writeRules(w)
	return []byte(b.String())
}

type writer func(format string, args ...any)

func (s *Survey) writeStandards(w writer) {
	cats := surveyed()
	if len(s.Standards) == 0 {
		var names, ids []string
		for _, c := range cats {
			names, ids = append(names, shortName(c)), append(ids, c.ID)
		}
		all := "all"
		if len(names) == 2 {
			all = "both"
		}
		w("# No document names %s, so %s stay enabled;\n", strings.Join(names, " or "), all)
		w("# keep the one the management system is certified to.\n")
		w("standards: [%s]\n\n", strings.Join(ids, ", "))
		return
	}
	for _, c := range cats {
		std, name := c.Standard, shortName(c)
		on := slices.Contains(s.Standards, c.ID)
		switch {
		case on:
			w("# %s: named %s in %s.\n", name, times(s.Named[std]), plural(s.NamedIn[std], "document"))
		case s.Named[std] > 0:
			w("# %s: named in only %s, without a claim of one of its\n", name, plural(s.NamedIn[std], "document"))
			w("#   clauses: left out. Add %s if the system is certified to it.\n", c.ID)
		default:
			w("# %s: never named, so its clauses are not required.\n", name)
		}
	}
	w("standards: [%s]\n\n", strings.Join(s.Standards, ", "))
}

func (s *Survey) writeIgnore(w writer) {
	if len(s.Ignore) == 0 {
		return
	}
	w("# Files that are not controlled documents, as globs relative to this\n")
	w("# file. Remove a line to lint those files again. (Every README.md is\n")
	w("# left out already.)\n")
	w("ignore:\n")
	width := 0
	for _, ig := range s.Ignore {
		width = max(width, len(quote(ig.Glob)))
	}
	for _, ig := range s.Ignore {
		w("  - %-*s  # %s\n", width, quote(ig.Glob), ig.Why)
	}
	w("\n")
}

func (s *Survey) writeDialect(w writer) {
	d := s.Dialect
	with := d.Headers[headerFenced] + d.Headers[headerOpen]
	if d.Empty() {
		if with == 0 {
			w("# No document has front matter: `qmslint import` writes it from what\n")
			w("# each document says (title, metadata table, folder, clauses claimed).\n\n")
		}
		return
	}
	if with > 0 {
		w("# The documents' own front matter (%s), read as qmslint's fields\n#", plural(with, "file"))
	} else {
		w("# The metadata tables at the top of documents (%s), read as qmslint's\n", plural(d.Headers["table"], "file"))
		w("# fields")
	}
	w(" without rewriting the files. After `qmslint import --write` the files\n")
	w("# carry qmslint's fields and this section may go.\n")
	w("dialect:\n")
	if d.Header == headerOpen {
		w("  # %d files start with YAML and end it with a line ---, without a\n", d.Headers[headerOpen])
		w("  # --- above it.\n")
	}
	w("  header: %s\n", d.Header)
	if len(d.Fields) > 0 {
		w("  # Your field: qmslint's field.\n")
		w("  fields:\n")
		for _, k := range sortedKeys(d.Fields) {
			w("    %s: %s\n", quote(k), d.Fields[k])
		}
	}
	if len(d.Unused) > 0 {
		w("  # Kept as written, with no qmslint equivalent: %s.\n", strings.Join(d.Unused, ", "))
	}
	if len(d.Values) > 0 {
		w("  # Your value: qmslint's value; ~ means no qmslint value fits, and\n")
		w("  # lint reports the field as missing until you name one.\n")
		w("  values:\n")
		for _, field := range sortedKeys(d.Values) {
			w("    %s:\n", field)
			for _, v := range sortedKeys(d.Values[field]) {
				to := d.Values[field][v]
				if to == "" {
					w("      %s: ~\n", quote(v))
					continue
				}
				w("      %s: %s\n", quote(v), to)
			}
		}
	}
	if len(d.Dates) > 0 {
		w("  # The date layouts found in date fields.\n")
		w("  dates: [%s]\n", joinQuoted(d.Dates))
	}
	if len(d.Missing) > 0 {
		w("  # Values meaning \"not known yet\": such a field is read as missing.\n")
		w("  missing: [%s]\n", joinQuoted(d.Missing))
	}
	if d.ClauseStandard != "" {
		w("  # Bare clause numbers (A.5.1) in the clauses field are of the one\n")
		w("  # standard the documents name.\n")
		w("  clause_standard: %s\n", d.ClauseStandard)
	}
	if len(d.Table) > 0 {
		w("  # The metadata table at the top of documents: header cell: field.\n")
		w("  table:\n")
		for _, k := range sortedKeys(d.Table) {
			w("    %s: %s\n", quote(k), d.Table[k])
		}
	}
	w("\n")
}

func (s *Survey) writeRules(w writer) {
	structures := s.Structures()
	if s.Section+s.Leaf == 0 && len(structures) == 0 {
		return
	}
	w("rules:\n")
	s.writeClaimScope(w)
	writeStructures(w, structures)
}

func (s *Survey) writeClaimScope(w writer) {
	if s.Section+s.Leaf == 0 {
		return
	}
	w("  coverage.clause-uncovered:\n")
	w("    # %d of %d clause claims name a clause that has sub-clauses (8.5 rather\n", s.Section, s.Section+s.Leaf)
	if s.ParentCoversChildren() {
		w("    # than 8.5.1): claims are made per section, so a claim covers the\n")
		w("    # sub-clauses below it.\n")
		w("    parent_covers_children: true\n")
		return
	}
	w("    # than 8.5.1): claims name the clauses themselves, so a claim of a\n")
	w("    # section does not cover its sub-clauses.\n")
	w("    parent_covers_children: false\n")
}

// writeStructures drops from the sections each kind must have those the
// company's documents do not use.
func writeStructures(w writer, structures []Structure) {
	if len(structures) == 0 {
		return
	}
	w("  doc.required-section-missing:\n")
	w("    # The sections a document of each kind must have: qmslint's default,\n")
	w("    # less the sections fewer than %d%% of your documents of that kind have.\n", sharedPercent)
	w("    # Add your own template's headings to hold every document to it.\n")
	w("    sections:\n")
	for _, st := range structures {
		w("      %s: [%s]  # %s have no %s\n", st.Kind, joinQuoted(st.Sections), mostOf(st.Docs, st.Kind), joinOr(st.Dropped))
	}
}

func mostOf(n int, kind string) string { return "most of " + plural(n, kind) }

func joinOr(vs []string) string {
	if len(vs) < 2 {
		return strings.Join(vs, "")
	}
	return strings.Join(vs[:len(vs)-1], ", ") + " or " + vs[len(vs)-1]
}

// plainRE are YAML scalars that need no quotes.
var plainRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 _./-]*[A-Za-z0-9.]$|^[A-Za-z]$`)

var yamlWords = map[string]bool{"yes": true, "no": true, "true": true, "false": true, "on": true, "off": true, "null": true, "y": true, "n": true}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

func quote(s string) string {
	if plainRE.MatchString(s) && !yamlWords[strings.ToLower(s)] {
		return s
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func joinQuoted(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = quote(v)
	}
	return strings.Join(q, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
