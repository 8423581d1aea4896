package load

import (
	"path"
	"regexp"
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
