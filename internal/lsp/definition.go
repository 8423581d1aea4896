package lsp

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// definition goes from a document id, or a relative Markdown link, to the
// file it names.
func (s *Server) definition(_ *glsp.Context, p *protocol.DefinitionParams) (any, error) {
	d, line, at, ok := s.cursor(p.TextDocumentPositionParams)
	if !ok {
		return nil, nil
	}
	if target := linkAt(line, at); target != "" {
		if file := s.linked(d, target); file != "" {
			return protocol.Location{URI: pathURI(file)}, nil
		}
		return nil, nil
	}
	tok, _, _ := tokenAt(line, at)
	if it, ok := items(s.run(d.root).Repo)[tok]; ok {
		l := protocol.UInteger(0)
		if it.line > 0 {
			l = protocol.UInteger(it.line - 1)
		}
		pos := protocol.Position{Line: l}
		return protocol.Location{URI: pathURI(filepath.Join(d.root, filepath.FromSlash(it.file))), Range: protocol.Range{Start: pos, End: pos}}, nil
	}
	return nil, nil
}

var linkRe = regexp.MustCompile(`\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)

// linkAt is the target of the inline Markdown link around byte at.
func linkAt(line string, at int) string {
	for _, m := range linkRe.FindAllStringSubmatchIndex(line, -1) {
		if at >= m[0] && at < m[1] {
			return line[m[2]:m[3]]
		}
	}
	return ""
}

// linked is the file a relative link of d reaches, inside d's repository
// only, as the loader resolves it (a link without extension as a site
// generator does); "" when none.
func (s *Server) linked(d document, target string) string {
	if u, err := url.Parse(target); err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	} else {
		target = u.Path
	}
	if target == "" || strings.HasPrefix(target, "/") {
		return ""
	}
	rel := path.Join(path.Dir(d.rel), target)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return ""
	}
	candidates := []string{rel}
	if path.Ext(rel) == "" {
		candidates = append(candidates, rel+".md", rel+"/index.md", rel+"/README.md")
	}
	for _, c := range candidates {
		file := filepath.Join(d.root, filepath.FromSlash(c))
		if fi, err := os.Stat(file); err == nil && fi.Mode().IsRegular() {
			return file
		}
	}
	return ""
}
