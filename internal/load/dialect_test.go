package load

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qmslint/qmslint/internal/dialect"
)

func TestLoadThroughDialect(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		// comply: no opening fence, name/acronym, dates like "Jun 1 2018".
		"policies/access.md": "name: Access Policy\nacronym: AP\nstatus: Approved\nmajorRevisions:\n  - date: Jun 1 2018\n---\n# Purpose\n",
		// qara-pulse style: fenced, doc_id TBD, capitalised values.
		"procedures/audit.md": "---\ndoc_id: TBD\ntitle: \"Audit\"\ndoc_type: \"Procedure\"\nstatus: Draft\nversion: \"0.1\"\neffective_date: 24.12.2025\n---\n# Audit\n",
		// A metadata table under the title, no front matter.
		"sops/capa.md": "# CAPA\n\n| Document number | Revision | Effective date |\n|---|---|---|\n| SOP-9 | 2 | 3/10/2022 |\n\n## Purpose\n",
		// Prose whose first line reads like a key: not a header.
		"notes.md": "Note: nothing here is controlled\n\nSome text.\n\n---\n\nMore.\n",
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := &dialect.Dialect{
		Header:  dialect.HeaderOpen,
		Fields:  map[string]string{"name": "title", "acronym": "id", "doc_id": "id", "doc_type": "kind", "version": "revision", "effective_date": "effective"},
		Values:  map[string]map[string]string{"status": {"Approved": "approved", "Draft": "draft"}, "kind": {"Procedure": "procedure"}},
		Missing: []string{"TBD"},
		Table:   map[string]string{"Document number": "id", "Revision": "revision", "Effective date": "effective"},
	}
	if err := d.SetDates([]string{"DD.MM.YYYY", "M/D/YYYY"}); err != nil {
		t.Fatal(err)
	}
	repo, err := Load(root, Options{Dialect: d})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]map[string]any{}
	for _, doc := range repo.Documents {
		docs[doc.File] = doc.Meta
	}
	if m := docs["policies/access.md"]; m["id"] != "AP" || m["title"] != "Access Policy" || m["status"] != "approved" {
		t.Errorf("open header read as %v", m)
	}
	if m := docs["procedures/audit.md"]; m["kind"] != "procedure" || m["status"] != "draft" || m["effective"] != "2025-12-24" || m["id"] != nil {
		t.Errorf("fenced dialect read as %v", m)
	}
	if m := docs["sops/capa.md"]; m["id"] != "SOP-9" || m["effective"] != "2022-03-10" {
		t.Errorf("metadata table read as %v", m)
	}
	if _, ok := docs["notes.md"]; ok {
		t.Error("a prose line followed by a thematic break was read as a header")
	}
	for _, doc := range repo.Documents {
		switch doc.File {
		case "policies/access.md":
			if p, _ := doc.Pos.Lookup("/id"); p.Line != 2 {
				t.Errorf("acronym mapped to id at line %d, want 2", p.Line)
			}
			if doc.BodyStart != 7 || len(doc.Headings) != 1 || doc.Headings[0].Line != 7 {
				t.Errorf("body of an open header starts at %d, headings %v", doc.BodyStart, doc.Headings)
			}
		case "procedures/audit.md":
			if p, _ := doc.Pos.Lookup("/effective"); p.Line != 7 {
				t.Errorf("effective_date mapped at line %d, want 7", p.Line)
			}
		case "sops/capa.md":
			if p, _ := doc.Pos.Lookup("/revision"); p.Line != 5 || p.Col != 11 {
				t.Errorf("table revision at %+v, want 5:11", p)
			}
		}
	}
}
