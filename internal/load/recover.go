package load

import (
	"path"
	"regexp"
	"strings"
)

// A document that does not parse is still known: by the id: line of its
// raw text, which a YAML error elsewhere in the front matter leaves
// readable, else by its file name, which by convention starts with the id
// (SOP-005-capa.md, CAPA-2026-004-late-complaint.md). parse.error
// reports the document once; references to it are not broken as well.
var (
	rawID  = regexp.MustCompile(`(?m)^id:[ \t]*["']?([A-Za-z0-9][A-Za-z0-9._/-]*?)["']?[ \t]*(?:#.*)?\r?$`)
	nameID = regexp.MustCompile(`^[A-Z][A-Z0-9]*(?:-[0-9]+)+`)
)

// recoverID is the id a file that failed to parse is known by, "" when
// neither its text nor its name gives one. src is the front matter (or
// the whole YAML file), nil when the file could not be read.
func recoverID(rel string, src []byte) string {
	if m := rawID.FindSubmatch(src); m != nil {
		return string(m[1])
	}
	return nameID.FindString(path.Base(rel))
}

// rawClauses finds a top-level clauses: field as a flow list on its line,
// or as the block list on the lines below it.
var (
	rawClauses = regexp.MustCompile(`(?m)^clauses:[ \t]*(.*?)[ \t]*(?:#.*)?\r?$`)
	rawItem    = regexp.MustCompile(`^[ \t]+-[ \t]+["']?([^"'#\s]+)["']?`)
)

// recoverClauses is what the raw clauses: field of a file that failed to
// parse claims: the clauses coverage must not call uncovered while the
// document that addresses them cannot be read (parse.error says so once).
func recoverClauses(src []byte) []string {
	loc := rawClauses.FindSubmatchIndex(src)
	if loc == nil {
		return nil
	}
	var out []string
	if inline := strings.TrimSpace(string(src[loc[2]:loc[3]])); inline != "" {
		inline = strings.TrimSuffix(strings.TrimPrefix(inline, "["), "]")
		for _, c := range strings.Split(inline, ",") {
			if c = strings.Trim(strings.TrimSpace(c), `"'`); c != "" {
				out = append(out, c)
			}
		}
		return out
	}
	for _, l := range strings.Split(string(src[loc[1]:]), "\n")[1:] {
		m := rawItem.FindStringSubmatch(l)
		if m == nil {
			break
		}
		out = append(out, m[1])
	}
	return out
}

// failed marks the file as one that did not parse, known by what its raw
// text still says.
func (r *result) failed(rel string, src []byte) {
	r.file.Failed = true
	r.file.ID = recoverID(rel, src)
	r.file.Clauses = recoverClauses(src)
}
