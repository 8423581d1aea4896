// Package history builds the revision history of every controlled document
// from one walk of the Git history: which commits changed it, when, by whom,
// and how its revision moved. doc.changed-after-approval reads it through
// input.history, since Rego cannot read Git.
package history

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"
	"gopkg.in/yaml.v3"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// Entry is one commit that changed one document.
type Entry struct {
	Commit string `json:"commit"`
	Date   string `json:"date"` // author date, YYYY-MM-DD (UTC)
	Author string `json:"author"`
	// Email is the author's e-mail, which a people register maps to a
	// person: approval.self-approved reads who wrote a revision from it.
	Email   string `json:"email"`
	Message string `json:"message"`
	File    string `json:"file"`
	// Signed and ApprovedBy are a commit's evidence of approval for
	// companies that treat commits as signatures (approval.commit-evidence).
	Signed     bool     `json:"signed"`
	ApprovedBy []string `json:"approved_by"`
	// RevisionBefore and RevisionAfter are the front matter's revision
	// as written, "" when the document did not exist on that side.
	RevisionBefore string `json:"revision_before"`
	RevisionAfter  string `json:"revision_after"`
	Added          bool   `json:"added"`
	Removed        bool   `json:"removed"`
	// ContentChanged is false when the commit touched only the control
	// fields (revision, status, approvals, effective, review): recording
	// an approval is not a change of what the document says.
	ContentChanged bool `json:"content_changed"`
}

// History is every document's entries, newest first, by document id.
type History map[string][]Entry

// Read walks the history reachable from head once. In a shallow clone it
// returns what the clone holds and a *gitrepo.ShallowError naming where
// the history stops; Partial tells that error from the others.
func Read(repo *gitrepo.Repo, head *object.Commit) (History, error) {
	h := History{}
	err := repo.Walk(head, nil, func(c gitrepo.Change) error {
		h.add(c)
		return nil
	})
	return h, err
}

// Between is the history of the commits reachable from head but not from
// base: what a pull request changed (partial in a shallow clone, as Read).
func Between(repo *gitrepo.Repo, base, head *object.Commit) (History, error) {
	h := History{}
	err := repo.Walk(head, []*object.Commit{base}, func(c gitrepo.Change) error {
		h.add(c)
		return nil
	})
	return h, err
}

// Partial reports whether err only says that the history is cut short by
// a shallow clone, the history read being usable as far as it goes.
func Partial(err error) bool {
	var se *gitrepo.ShallowError
	return errors.As(err, &se)
}

func (h History) add(c gitrepo.Change) {
	if !isDocument(c.Path) {
		return
	}
	before, after := Ident(c.Path, c.Before), Ident(c.Path, c.After)
	h.addDocs(c, c.Before != nil, c.After != nil, before, after, contentChanged(c, before, after))
}

// addDocs records change c, whose sides' ids and revisions are before and
// after (hadBefore and hasAfter: whether each side exists at all).
// changed is contentChanged's answer, which only a change that keeps the
// document's id needs.
func (h History) addDocs(c gitrepo.Change, hadBefore, hasAfter bool, before, after Doc, changed bool) {
	id := after.ID
	if id == "" {
		id = before.ID
	}
	if id == "" {
		return
	}
	approvedBy := c.ApprovedBy
	if approvedBy == nil {
		approvedBy = []string{}
	}
	e := Entry{
		Commit: c.Hash, Date: c.Date.UTC().Format("2006-01-02"), Author: c.Author, Email: c.Email, Message: c.Message, File: c.Path,
		Signed: c.Signed, ApprovedBy: approvedBy,
		RevisionBefore: before.Revision, RevisionAfter: after.Revision,
		Added: !hadBefore || before.ID != id, Removed: !hasAfter || after.ID != id,
		ContentChanged: changed,
	}
	if e.Added {
		e.RevisionBefore = ""
	}
	h[id] = append(h[id], e)
	// An id that moved to another document is a change of both.
	if before.ID != "" && before.ID != id {
		h[before.ID] = append(h[before.ID], Entry{
			Commit: c.Hash, Date: e.Date, Author: c.Author, Email: c.Email, Message: c.Message, File: c.Path,
			Signed: c.Signed, ApprovedBy: approvedBy,
			RevisionBefore: before.Revision, Removed: true, ContentChanged: true,
		})
	}
}

// contentChanged compares the digests of both sides only when both hold
// the same document: a side that is missing, fails to parse or has another
// id has another digest (the id is part of it), and most changes in a
// history are additions (every file of the first commit), which then cost
// no digest at all.
func contentChanged(c gitrepo.Change, before, after Doc) bool {
	if before.ID == "" || before.ID != after.ID {
		return true
	}
	return Parse(c.Path, c.Before).content != Parse(c.Path, c.After).content
}

// Input is the history as rules see it in input.history: by document id,
// newest first.
func (h History) Input() map[string]any {
	out := make(map[string]any, len(h))
	for id, es := range h {
		list := make([]any, len(es))
		for i, e := range es {
			list[i] = e.value()
		}
		out[id] = list
	}
	return out
}

// value is the entry as its JSON encoding decodes (the keys of its json
// tags), built directly: a round trip through JSON per entry was most of
// the history's cost after reading the blobs.
func (e Entry) value() map[string]any {
	approvedBy := make([]any, len(e.ApprovedBy))
	for i, a := range e.ApprovedBy {
		approvedBy[i] = a
	}
	return map[string]any{
		"commit": e.Commit, "date": e.Date, "author": e.Author, "email": e.Email, "message": e.Message, "file": e.File,
		"signed": e.Signed, "approved_by": approvedBy,
		"revision_before": e.RevisionBefore, "revision_after": e.RevisionAfter,
		"added": e.Added, "removed": e.Removed, "content_changed": e.ContentChanged,
	}
}

// IDs returns the document ids in order.
func (h History) IDs() []string {
	out := make([]string, 0, len(h))
	for id := range h {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func isDocument(p string) bool {
	if strings.HasPrefix(p, "../") {
		return false
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".yaml", ".yml":
		return !strings.HasPrefix(path.Base(p), ".qmslint.")
	}
	return false
}

// Doc is what the history needs from one version of a document.
type Doc struct {
	ID       string
	Revision string
	content  string
}

// Content is a digest of what the document says, without its control
// fields: equal digests mean only revision, status, approvals, effective
// date or review changed.
func (d Doc) Content() string { return d.content }

// controlFields are the front matter fields that record control of a
// document rather than its content.
var controlFields = []string{"revision", "status", "approvals", "effective", "review"}

// Ident reads the id and revision of one version of a document as Parse
// does, without the digest of its content (Content is ""). It reads the
// plain YAML nearly every file is written in with yamlpos.Plain, which
// yields the values yaml.v3 does, and hands anything else to Parse.
func Ident(p string, src []byte) Doc {
	if src == nil {
		return Doc{}
	}
	yml := src
	if ext := strings.ToLower(path.Ext(p)); ext == ".md" || ext == ".markdown" {
		fm, _, ok := frontMatter(src)
		if !ok {
			return Doc{}
		}
		yml = fm
	}
	v, ok := yamlpos.Plain(yml)
	if !ok {
		d := Parse(p, src)
		d.content = ""
		return d
	}
	meta, ok := v.(map[string]any)
	if !ok {
		return Doc{}
	}
	// yaml.Unmarshal reads an unquoted date as a time.Time, which Plain
	// keeps as its text, and cannot tell from a quoted one.
	if dateLike(meta["id"]) || dateLike(meta["revision"]) {
		d := Parse(p, src)
		d.content = ""
		return d
	}
	return ident(meta)
}

func dateLike(v any) bool {
	s, ok := v.(string)
	return ok && len(s) == 10 && s[4] == '-' && s[7] == '-'
}

func ident(meta map[string]any) Doc {
	d := Doc{}
	d.ID, _ = meta["id"].(string)
	if r, ok := meta["revision"]; ok && r != nil {
		d.Revision = fmt.Sprint(r)
	}
	return d
}

// Parse reads the id, revision and a digest of the content of one version
// of a document; the zero Doc when src is nil or has no front matter.
func Parse(p string, src []byte) Doc {
	if src == nil {
		return Doc{}
	}
	var meta map[string]any
	var body []byte
	if ext := strings.ToLower(path.Ext(p)); ext == ".md" || ext == ".markdown" {
		fm, rest, ok := frontMatter(src)
		if !ok {
			return Doc{}
		}
		if yaml.Unmarshal(fm, &meta) != nil {
			return Doc{}
		}
		body = rest
	} else if yaml.Unmarshal(src, &meta) != nil {
		return Doc{}
	}
	d := ident(meta)
	for _, k := range controlFields {
		delete(meta, k)
	}
	fields, _ := json.Marshal(meta)
	sum := sha256.Sum256(append(append(fields, 0), bytes.TrimSpace(body)...))
	d.content = string(sum[:])
	return d
}

// frontMatter splits "---\n...\n---\n" from the body where the loader
// does (internal/load): the fences may end in blanks, and a carriage
// return alone ends a line. A lint takes the id and revision of the work
// tree's versions from the loader's parse (Known), so both must see the
// same front matter.
func frontMatter(src []byte) (fm, body []byte, ok bool) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || strings.TrimRight(string(first), " \t") != "---" {
		return nil, nil, false
	}
	for i := 0; i <= len(rest); {
		j := bytes.IndexByte(rest[i:], '\n')
		line := rest[i:]
		if j >= 0 {
			line = rest[i : i+j]
		}
		if t := strings.TrimRight(string(line), " \t"); t == "---" || t == "..." {
			if j < 0 {
				return rest[:i], nil, true
			}
			return rest[:i], rest[i+j+1:], true
		}
		if j < 0 {
			break
		}
		i += j + 1
	}
	return nil, nil, false
}
