package lsp

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// codeAction offers the fixes of the findings in the requested range
// whose rule names a mechanical one in its metadata (custom.fix). A
// finding on the whole file (line 0) is in every range.
func (s *Server) codeAction(_ *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	d, ok := s.doc(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	run := s.run(d.root)
	out := []protocol.CodeAction{}
	quickfix := protocol.CodeActionKindQuickFix
	for _, f := range run.Findings {
		if f.File != d.rel {
			continue
		}
		rule := run.Rules[f.Rule]
		rng := findingRange(d.text, f.Line, f.Column)
		if f.Line > 0 && (rng.Start.Line > p.Range.End.Line || rng.End.Line < p.Range.Start.Line) {
			continue
		}
		var title string
		var edit *protocol.TextEdit
		switch rule.Fix {
		case "revision-bump":
			title, edit = revisionBump(d.text)
		case "add-section":
			// The rule's subject is <document id>/<section>.
			if _, section, ok := strings.Cut(f.Subject, "/"); ok {
				title, edit = addSection(d.text, section)
			}
		}
		if edit == nil {
			continue
		}
		out = append(out, protocol.CodeAction{
			Title:       title,
			Kind:        &quickfix,
			Diagnostics: []protocol.Diagnostic{diagnostic(f, d.text, rule.Help)},
			Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{d.uri: {*edit}}},
		})
	}
	return out, nil
}

var revisionRe = regexp.MustCompile(`^revision:\s*(["']?)([^"'\s#]+)(["']?)\s*(#.*)?$`)

// revisionBump raises the front matter's revision by one: 6 → 7, "1.2" →
// "1.3", B → C. Nil when the revision has another form.
func revisionBump(text string) (string, *protocol.TextEdit) {
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], "\r ") != "---" {
		return "", nil
	}
	for i, l := range lines[1:] {
		l = strings.TrimRight(l, "\r")
		if l == "---" || l == "..." {
			break
		}
		m := revisionRe.FindStringSubmatchIndex(l)
		if m == nil {
			continue
		}
		old := l[m[4]:m[5]]
		next := nextRevision(old)
		if next == "" {
			return "", nil
		}
		n := protocol.UInteger(i + 1)
		return fmt.Sprintf("Raise the revision from %s to %s", old, next), &protocol.TextEdit{
			Range: protocol.Range{
				Start: protocol.Position{Line: n, Character: protocol.UInteger(toUTF16(l, m[4]))},
				End:   protocol.Position{Line: n, Character: protocol.UInteger(toUTF16(l, m[5]))},
			},
			NewText: next,
		}
	}
	return "", nil
}

func nextRevision(rev string) string {
	head, last := "", rev
	if i := strings.LastIndexByte(rev, '.'); i >= 0 {
		head, last = rev[:i+1], rev[i+1:]
	}
	if n, err := strconv.Atoi(last); err == nil && n >= 0 {
		return head + strconv.Itoa(n+1)
	}
	if len(last) == 1 && last[0] >= 'A' && last[0] < 'Z' {
		return head + string(last[0]+1)
	}
	return ""
}

var headingRe = regexp.MustCompile(`^(#{1,6})\s`)

// addSection appends a heading for section at the end of the document, at
// the level the document's other sections use (the most common level below
// the title, else 2). Where it belongs in the text is the author's call;
// the heading only has to exist for the rule.
func addSection(text, section string) (string, *protocol.TextEdit) {
	counts := map[int]int{}
	fence := false
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~") {
			fence = !fence
		}
		if m := headingRe.FindStringSubmatch(l); m != nil && !fence && len(m[1]) > 1 {
			counts[len(m[1])]++
		}
	}
	level := 2
	for l, c := range counts {
		if c > counts[level] || c == counts[level] && l < level {
			level = l
		}
	}
	// One blank line before the heading, whatever the text ends with.
	insert := strings.Repeat("#", level) + " " + section + "\n"
	switch {
	case text == "" || strings.HasSuffix(text, "\n\n"):
	case strings.HasSuffix(text, "\n"):
		insert = "\n" + insert
	default:
		insert = "\n\n" + insert
	}
	lastLine := strings.Count(text, "\n")
	end := protocol.Position{Line: protocol.UInteger(lastLine), Character: protocol.UInteger(utf16Len(lineAt(text, lastLine)))}
	return fmt.Sprintf("Add a %q section", section), &protocol.TextEdit{Range: protocol.Range{Start: end, End: end}, NewText: insert}
}
