package load

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// Documents whose front matter puts the same fields at the same lines and
// columns share one map of positions; any other difference (a field, a
// line, a column) keeps its own, and every document still finds its own
// positions.
func TestEqualPositionsAreShared(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"a.md": "---\nid: SOP-1\nkind: procedure\nreview: {interval_months: 12, last: 2026-01-02}\n---\n# A\n",
		"b.md": "---\nid: SOP-2\nkind: procedure\nreview: {interval_months: 24, last: 2026-03-04}\n---\n# B\n",
		"c.md": "---\nid: SOP-3\nkind: procedure\n\nreview: {interval_months: 12, last: 2026-01-02}\n---\n# C\n",
		"d.md": "---\nid: SOP-4\nkind: procedure\nreview: {interval_months: 12,  last: 2026-01-02}\n---\n# D\n",
		"e.md": "---\nid: SOP-5\nkind: procedure\nreview: {interval_months: 12, last: 2026-01-02}\nowner: qa\n---\n# E\n",
		"f.md": "---\nid: SOP-6\nkind: procedure\nreview: {interval_months: 12, last: 2026-01-02}\n---\n# F\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	maps := map[string]uintptr{}
	for _, d := range repo.Documents {
		maps[d.File] = reflect.ValueOf(d.Pos).Pointer()
		p, _ := d.Pos.Lookup("/review/last")
		want := 4
		if d.File == "c.md" {
			want = 5
		}
		if p.Line != want {
			t.Errorf("%s: /review/last at line %d, want %d", d.File, p.Line, want)
		}
	}
	if len(maps) != len(files) {
		t.Fatalf("%d documents, want %d", len(maps), len(files))
	}
	same := map[string]bool{"a.md": true, "b.md": true, "f.md": true}
	for name, m := range maps {
		if shared := m == maps["a.md"]; shared != same[name] {
			t.Errorf("%s: shares a.md's positions: %v, want %v", name, shared, same[name])
		}
	}
}

// A map several documents already hold (the cache decodes equal positions
// into one) stays theirs, and an equal map of another document joins it:
// sharing by the map is the same as sharing by the positions.
func TestSharedMapsStayShared(t *testing.T) {
	m1 := yamlpos.Positions{"": {Line: 1, Col: 1}, "/id": {Line: 2, Col: 5}}
	m2 := maps.Clone(m1)
	m3 := yamlpos.Positions{"": {Line: 1, Col: 1}, "/id": {Line: 3, Col: 5}}
	docs := []*model.Document{{File: "a", Pos: m2}, {File: "b", Pos: m1}, {File: "c", Pos: m1}, {File: "d", Pos: m3}, {File: "e", Pos: m3}, {File: "f"}}
	sharePositions(docs)
	ptr := func(i int) uintptr { return reflect.ValueOf(docs[i].Pos).Pointer() }
	for i, want := range []uintptr{ptr(0), ptr(0), ptr(0), ptr(3), ptr(3)} {
		if ptr(i) != want {
			t.Errorf("%s: not sharing the map of equal positions", docs[i].File)
		}
	}
	if ptr(0) == ptr(3) {
		t.Error("other positions share a map")
	}
	if !reflect.DeepEqual(docs[2].Pos, m1) || docs[5].Pos != nil {
		t.Error("positions changed by sharing")
	}
}
