package lsp

import (
	"fmt"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// hover names what an id stands for: a clause's short title (qmslint's
// own words, never the standard's text) or a document's title, kind,
// status, revision and file.
func (s *Server) hover(_ *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	d, line, at, ok := s.cursor(p.TextDocumentPositionParams)
	if !ok {
		return nil, nil
	}
	tok, start, end := tokenAt(line, at)
	if tok == "" {
		return nil, nil
	}
	var text string
	if c, cl, ok := s.clause(d.root, tok); ok {
		text = fmt.Sprintf("**%s** %s\n\n%s", tok, cl.Title, c.Name)
		if parent, ok := c.Clauses[cl.Parent]; ok && cl.Parent != "" {
			text += fmt.Sprintf(", under %s %s", parent.Number, parent.Title)
		}
	} else if it, ok := items(s.run(d.root).Repo)[tok]; ok {
		text = fmt.Sprintf("**%s** %s\n\n%s\n\n`%s`", it.id, it.title, describe(it), it.file)
	} else {
		return nil, nil
	}
	n := protocol.UInteger(p.Position.Line)
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: text},
		Range: &protocol.Range{
			Start: protocol.Position{Line: n, Character: protocol.UInteger(toUTF16(line, start))},
			End:   protocol.Position{Line: n, Character: protocol.UInteger(toUTF16(line, end))},
		},
	}, nil
}

func describe(it item) string {
	var parts []string
	for _, p := range []string{it.kind, it.status} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if it.revision != "" {
		parts = append(parts, "revision "+it.revision)
	}
	return strings.Join(parts, " · ")
}
