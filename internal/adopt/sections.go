package adopt

import (
	"regexp"
	"strings"
)

// A heading is part of a kind's structure when this share of its documents
// has it, and a kind needs this many documents for a structure to show.
const (
	sharedPercent   = 80
	minStructureDoc = 3
)

var (
	atxRE       = regexp.MustCompile(`^ {0,3}(#{2,6})[ \t]+(.*?)[ \t#]*$`)
	numberingRE = regexp.MustCompile(`^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+`)
)

// Structure is the sections the documents of one kind are held to.
type Structure struct {
	Kind string
	Docs int
	// Sections are those of the default the documents have; Dropped, those
	// too few of them have.
	Sections, Dropped []string
}

// headings are the section headings of a body below its title, without
// numbering or markup, skipping fenced code and HTML comments.
func headings(body []byte) []string {
	var out []string
	for l := range prose(body) {
		if m := atxRE.FindStringSubmatch(l); m != nil {
			if h := numberingRE.ReplaceAllString(plain(m[2]), ""); h != "" {
				out = append(out, h)
			}
		}
	}
	return out
}

// Structures holds each kind's default sections (Survey.Sections, from
// doc.required-section-missing's metadata) to the company's documents: a
// section at least sharedPercent of them have stays required, one they
// rarely have is dropped. init never adds a section: a QMS written to
// another template (Summary, Process Steps) would otherwise meet qmslint's
// Purpose and Scope in every procedure, and a kind guessed from file names
// is too rough a group to impose the company's own headings on. Only kinds
// that lose a section are returned.
func (s *Survey) Structures() []Structure {
	var out []Structure
	for _, kind := range sortedKeys(s.Sections) {
		var docs [][]string
		for _, f := range s.controlled() {
			if s.kindOf(f) == kind {
				docs = append(docs, headings(f.src.body))
			}
		}
		if len(docs) < minStructureDoc {
			continue
		}
		st := Structure{Kind: kind, Docs: len(docs), Sections: []string{}}
		for _, section := range s.Sections[kind] {
			if has(docs, section)*100 >= sharedPercent*len(docs) {
				st.Sections = append(st.Sections, section)
			} else {
				st.Dropped = append(st.Dropped, section)
			}
		}
		if len(st.Dropped) > 0 {
			out = append(out, st)
		}
	}
	return out
}

// has counts the documents with a heading containing the section's name,
// ignoring case, as doc.required-section-missing matches them.
func has(docs [][]string, section string) int {
	name := strings.ToLower(section)
	n := 0
	for _, hs := range docs {
		for _, h := range hs {
			if strings.Contains(strings.ToLower(h), name) {
				n++
				break
			}
		}
	}
	return n
}
