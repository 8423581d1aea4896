package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

var today = func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }

const sop010 = "procedures/SOP-010-backup-and-restore.md"

func hasCode(code string) func([]diag) bool {
	return func(ds []diag) bool {
		for _, d := range ds {
			if d.Code == code {
				return true
			}
		}
		return false
	}
}

// An author opens SOP-010 of the reference QMS, deletes its Scope section
// without saving, and sees the finding; hovers, completion, definition and
// the quick fix all answer from the same evaluation.
func TestServerOnTheReferenceQMS(t *testing.T) {
	root := copyQMS(t)
	c := start(t, Pipeline(today, 0, nil), root)
	file := filepath.Join(root, filepath.FromSlash(sop010))
	uri := pathURI(file)
	disk, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(disk)

	c.open(uri, text)
	if ds := c.diagnostics(uri, func([]diag) bool { return true }); hasCode("doc.required-section-missing")(ds) {
		t.Fatalf("the saved SOP-010 already lacks a section: %v", ds)
	}

	// The seeded defect, in the buffer only.
	text = strings.Replace(text, "## 2. Scope", "## 2. Extent", 1)
	text = strings.Replace(text, "To make sure that", "See [the plan](../plans/PLN-002-business-continuity-dr.md). To make sure that", 1)
	c.change(uri, 2, text)
	ds := c.diagnostics(uri, hasCode("doc.required-section-missing"))
	for _, d := range ds {
		if d.Code != "doc.required-section-missing" {
			continue
		}
		if d.Severity != int(protocol.DiagnosticSeverityWarning) || !strings.Contains(d.Message, `"Scope"`) || d.Range.Start.Line != 0 {
			t.Errorf("diagnostic = %+v, want a warning on line 0 naming Scope", d)
		}
		if d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.HRef, "rules.md#docrequired-section-missing") {
			t.Errorf("code description = %+v, want the rule's entry in docs/rules.md", d.CodeDescription)
		}
	}
	if got, _ := os.ReadFile(file); string(got) != string(disk) {
		t.Error("the server changed the file on disk")
	}

	t.Run("hover on a clause id", func(t *testing.T) {
		line, char := at(t, text, "ISO27001:A.8.13", 3)
		var h protocol.Hover
		c.call("textDocument/hover", position(uri, line, char), &h)
		if v := markup(h); !strings.Contains(v, "Information backup") || !strings.Contains(v, "ISO/IEC 27001:2022") {
			t.Errorf("hover = %q", v)
		}
	})
	t.Run("hover on a document id", func(t *testing.T) {
		line, char := at(t, text, "PLN-002,", 2)
		var h protocol.Hover
		c.call("textDocument/hover", position(uri, line, char), &h)
		if v := markup(h); !strings.Contains(v, "Business continuity") || !strings.Contains(v, "plan · approved · revision") || !strings.Contains(v, "plans/PLN-002") {
			t.Errorf("hover = %q", v)
		}
	})
	t.Run("completion of a document id", func(t *testing.T) {
		edited := strings.Replace(text, "references: [INV-001,", "references: [PLN-0", 1)
		c.change(uri, 3, edited)
		line, char := at(t, edited, "[PLN-0", 6)
		var list protocol.CompletionList
		c.call("textDocument/completion", position(uri, line, char), &list)
		if !hasItem(list, "PLN-002", "") || hasItem(list, "SOP-010", "") {
			t.Errorf("completion of PLN-0: %v", labels(list))
		}
		c.change(uri, 4, text)
	})
	t.Run("completion of a clause id", func(t *testing.T) {
		line, char := at(t, text, "ISO27001:A.8.13", len("ISO27001:A.8.1"))
		var list protocol.CompletionList
		c.call("textDocument/completion", position(uri, line, char), &list)
		if !hasItem(list, "ISO27001:A.8.13", "Information backup") {
			t.Errorf("completion in clauses: %d items, no ISO27001:A.8.13", len(list.Items))
		}
	})
	t.Run("completion of kinds and statuses", func(t *testing.T) {
		var list protocol.CompletionList
		line, char := at(t, text, "kind: procedure", len("kind: "))
		c.call("textDocument/completion", position(uri, line, char), &list)
		if !hasItem(list, "work-instruction", "") || !hasItem(list, "risk-register", "") {
			t.Errorf("kinds: %v", labels(list))
		}
		line, char = at(t, text, "status: approved", len("status: "))
		c.call("textDocument/completion", position(uri, line, char), &list)
		if got := strings.Join(labels(list), " "); got != "draft in-review approved obsolete" {
			t.Errorf("statuses: %s", got)
		}
	})
	t.Run("definition of a document id", func(t *testing.T) {
		line, char := at(t, text, "WI-001", 1)
		var loc protocol.Location
		c.call("textDocument/definition", position(uri, line, char), &loc)
		if !strings.HasSuffix(loc.URI, "/work-instructions/WI-001-weekly-restore-test.md") {
			t.Errorf("definition = %+v", loc)
		}
	})
	t.Run("definition of a relative link", func(t *testing.T) {
		line, char := at(t, text, "[the plan]", 3)
		var loc protocol.Location
		c.call("textDocument/definition", position(uri, line, char), &loc)
		if loc.URI != pathURI(filepath.Join(root, "plans", "PLN-002-business-continuity-dr.md")) {
			t.Errorf("definition = %+v", loc)
		}
	})
	t.Run("quick fix adds the section", func(t *testing.T) {
		var actions []protocol.CodeAction
		c.call("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        map[string]any{"start": map[string]any{"line": 20, "character": 0}, "end": map[string]any{"line": 20, "character": 0}},
			"context":      map[string]any{"diagnostics": []any{}},
		}, &actions)
		if len(actions) != 1 || actions[0].Title != `Add a "Scope" section` {
			t.Fatalf("actions = %+v", actions)
		}
		edits := actions[0].Edit.Changes[uri]
		if len(edits) != 1 || edits[0].NewText != "\n## Scope\n" {
			t.Errorf("edits = %+v", edits)
		}
	})
}

func markup(h protocol.Hover) string {
	switch m := h.Contents.(type) {
	case protocol.MarkupContent:
		return m.Value
	case map[string]any:
		v, _ := m["value"].(string)
		return v
	}
	return fmt.Sprintf("%T %v", h.Contents, h.Contents)
}

func hasItem(l protocol.CompletionList, label, detail string) bool {
	for _, it := range l.Items {
		if it.Label == label && (detail == "" || it.Detail != nil && *it.Detail == detail) {
			return true
		}
	}
	return false
}

func labels(l protocol.CompletionList) []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Label)
	}
	return out
}
