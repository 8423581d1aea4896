package report

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/model"
)

// Cover identifies the report so it can be cited as evidence and
// reproduced: what was judged, as of when, by which version.
type Cover struct {
	Organisation       string     `json:"organisation"`
	OrganisationSource string     `json:"organisation_source,omitempty"`
	Scope              string     `json:"scope"`
	ScopeSource        string     `json:"scope_source,omitempty"`
	Standards          []Standard `json:"standards"`
	Date               string     `json:"date"`
	Root               string     `json:"root"`
	Commit             string     `json:"commit,omitempty"`
	QMSLintVersion     string     `json:"qmslint_version"`
	Config             string     `json:"config,omitempty"`
	Policies           []string   `json:"policies"`
	// InputsSHA256 is the SHA-256 of the lines "<sha256 of file>  <path>"
	// of every file read, sorted by path: `sha256sum` output, so anyone can
	// recompute it from a checkout.
	InputsSHA256 string `json:"inputs_sha256"`
	Files        int    `json:"files"`
}

// Standard is one enabled standard and edition.
type Standard struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Edition string `json:"edition"`
}

func cover(in Input) Cover {
	res := in.Lint
	c := Cover{
		Date:           res.Date,
		Root:           filepath.ToSlash(filepath.Clean(res.Root)),
		Commit:         in.Commit,
		QMSLintVersion: in.Version,
		Policies:       []string{"built-in"},
		Standards:      []Standard{},
	}
	if res.Config != nil {
		if res.Config.File != "" {
			c.Config = filepath.Base(res.Config.File)
		}
		for _, id := range res.Config.Standards {
			s := Standard{ID: id, Name: id}
			_, s.Edition, _ = strings.Cut(id, ":")
			if cat, ok := res.Config.Known.ByStandard(id); ok {
				s.Name = cat.Name
			}
			c.Standards = append(c.Standards, s)
		}
	}
	for _, p := range res.Packs {
		c.Policies = append(c.Policies, fmt.Sprintf("%s (%s)", p.Name, p.Digest))
	}
	c.InputsSHA256, c.Files = inputsHash(res.Repo.Files)
	man := manual(res.Repo)
	c.Organisation, c.OrganisationSource = organisation(man)
	c.Scope, c.ScopeSource = scope(man)
	return c
}

// inputsHash hashes the files the loader read, in the format of
// `sha256sum`, sorted by path.
func inputsHash(files []model.File) (string, int) {
	lines := make([]string, 0, len(files))
	for _, f := range files {
		if f.SHA256 != "" {
			lines = append(lines, f.SHA256+"  "+f.Path+"\n")
		}
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i][66:] < lines[j][66:] })
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return fmt.Sprintf("%x", h.Sum(nil)), len(lines)
}

// manual is the approved manual with the lowest id, else any manual.
func manual(repo *model.Repository) *model.Document {
	var best *model.Document
	for _, d := range repo.Documents {
		if model.Kind(d.Meta) != "manual" {
			continue
		}
		approved := d.Meta["status"] == "approved"
		switch {
		case best == nil:
			best = d
		case approved && best.Meta["status"] != "approved":
			best = d
		case approved == (best.Meta["status"] == "approved") && model.ID(d.Meta) < model.ID(best.Meta):
			best = d
		}
	}
	return best
}

// legalForm ends a company name in the manual's opening sentence.
var legalForm = regexp.MustCompile(`((?:[A-Z][\p{L}\-&.]*\s+){0,5}(?:GmbH|AG|SE|Ltd\.?|Limited|Inc\.?|LLC|B\.V\.|N\.V\.|S\.A\.|SAS|S\.r\.l\.|Oy|AB|ApS|AS|plc))\b`)

// organisation is the manual's organisation field, else the company
// named with its legal form in the first paragraph of the manual's body.
func organisation(man *model.Document) (string, string) {
	if man == nil {
		return "not stated (no manual found)", ""
	}
	id := model.ID(man.Meta)
	if s, ok := man.Meta["organisation"].(string); ok && s != "" {
		return s, id + " (organisation)"
	}
	for _, sec := range sections(man) {
		for _, p := range sec.paragraphs {
			if m := legalForm.FindString(p); m != "" {
				return strings.TrimSpace(m), fmt.Sprintf("%s, %s", id, sec.heading)
			}
		}
	}
	return "not stated (add organisation: to the front matter of " + id + ")", ""
}

// scope is the manual's scope field, else the opening paragraphs of its
// section whose heading names the scope.
func scope(man *model.Document) (string, string) {
	if man == nil {
		return "not stated (no manual found)", ""
	}
	id := model.ID(man.Meta)
	if s, ok := man.Meta["scope"].(string); ok && s != "" {
		return s, id + " (scope)"
	}
	for _, sec := range sections(man) {
		if !strings.Contains(strings.ToLower(sec.heading), "scope") || len(sec.paragraphs) == 0 {
			continue
		}
		return clip(strings.Join(sec.paragraphs, " "), 700), fmt.Sprintf("%s, %s", id, sec.heading)
	}
	return "not stated (add scope: to the front matter of " + id + ", or a Scope section)", ""
}

type section struct {
	heading    string
	paragraphs []string
}

var markup = strings.NewReplacer("**", "", "__", "", "`", "")

// sections splits a Markdown body at its headings into plain paragraphs;
// tables, lists, quotes and code are left out.
func sections(d *model.Document) []section {
	var out []section
	cur := section{heading: ""}
	var para []string
	flush := func() {
		if len(para) > 0 {
			cur.paragraphs = append(cur.paragraphs, markup.Replace(strings.Join(para, " ")))
			para = nil
		}
	}
	fence := false
	for _, line := range strings.Split(string(d.Body), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			flush()
			fence = !fence
		case fence:
		case strings.HasPrefix(t, "#"):
			flush()
			if cur.heading != "" || len(cur.paragraphs) > 0 {
				out = append(out, cur)
			}
			cur = section{heading: strings.TrimSpace(strings.TrimLeft(t, "#"))}
		case t == "" || strings.HasPrefix(t, "|") || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, ">"):
			flush()
		default:
			para = append(para, t)
		}
	}
	flush()
	return append(out, cur)
}

// clip shortens s to at most n bytes, at the end of a sentence when one
// ends past the middle.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	if i := strings.LastIndex(cut, ". "); i > n/2 {
		return cut[:i+1]
	}
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return cut + " …"
}
