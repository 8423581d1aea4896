package dialect

import (
	"reflect"
	"testing"

	"github.com/qmslint/qmslint/internal/yamlpos"
)

func qaraLike(t *testing.T) *Dialect {
	t.Helper()
	d := &Dialect{
		Header: HeaderFenced,
		Fields: map[string]string{"doc_id": "id", "version": "revision", "doc_type": "kind", "effective_date": "effective", "next_review": "review.last", "controls": "clauses", "name": "title"},
		Values: map[string]map[string]string{
			"kind":   {"Procedure": "procedure", "Index": ""},
			"status": {"Approved": "approved", "Draft": "draft"},
		},
		Missing:        []string{"TBD"},
		ClauseStandard: "ISO27001",
	}
	if err := d.SetDates([]string{"DD.MM.YYYY", "M/D/YYYY", "MMM D YYYY"}); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestApplyMapsNamesValuesAndPositions(t *testing.T) {
	src := "doc_id: SOP-4\nname: Control of documents\ndoc_type: \"Procedure\"\nstatus: APPROVED\nversion: 1.0\neffective_date: 3/10/2022\nowner: TBD\ncontrols: [A.5.1, \"ISO 27001:2022 A.8.13\", CC6.1]\nprocess: QMS\n"
	v, pos, err := yamlpos.Decode([]byte(src), 1)
	if err != nil {
		t.Fatal(err)
	}
	meta, mpos := qaraLike(t).Apply(v.(map[string]any), pos)
	want := map[string]any{
		"id": "SOP-4", "title": "Control of documents", "kind": "procedure", "status": "approved",
		"revision": "1", "effective": "2022-03-10", "process": "QMS",
		"clauses": []any{"ISO27001:A.5.1", "ISO27001:A.8.13", "CC6.1"},
	}
	if !reflect.DeepEqual(meta, want) {
		t.Errorf("meta =\n%#v\nwant\n%#v", meta, want)
	}
	// Findings about id point at doc_id's line (2: one fence line above).
	for ptr, line := range map[string]int{"/id": 2, "/kind": 4, "/effective": 7, "/clauses/1": 9} {
		if p, _ := mpos.Lookup(ptr); p.Line != line {
			t.Errorf("%s at line %d, want %d", ptr, p.Line, line)
		}
	}
	if p := mpos["/id"]; p.Col != 1 {
		t.Errorf("/id at column %d, want 1", p.Col)
	}
	if _, ok := meta["owner"]; ok {
		t.Error("owner: TBD is read as a value; want it missing")
	}
}

func TestOwnFieldWinsOverMappedOne(t *testing.T) {
	d := qaraLike(t)
	meta, _ := d.Apply(map[string]any{"id": "SOP-1", "doc_id": "OLD-1"}, yamlpos.Positions{})
	if meta["id"] != "SOP-1" {
		t.Errorf("id = %v, want SOP-1", meta["id"])
	}
}

func TestValueMappedToEmptyIsMissing(t *testing.T) {
	meta, _ := qaraLike(t).Apply(map[string]any{"doc_type": "index"}, yamlpos.Positions{})
	if _, ok := meta["kind"]; ok {
		t.Errorf("kind = %v, want unset", meta["kind"])
	}
}

func TestNestedTarget(t *testing.T) {
	meta, pos := qaraLike(t).Apply(map[string]any{"next_review": "01.06.2027", "review": map[string]any{"interval_months": int64(12)}},
		yamlpos.Positions{"/next_review": {Line: 5, Col: 1}})
	want := map[string]any{"review": map[string]any{"interval_months": int64(12), "last": "2027-06-01"}}
	if !reflect.DeepEqual(meta, want) {
		t.Errorf("meta = %#v, want %#v", meta, want)
	}
	if pos["/review/last"].Line != 5 {
		t.Errorf("/review/last at %v, want line 5", pos["/review/last"])
	}
}

func TestDates(t *testing.T) {
	d := qaraLike(t)
	for in, want := range map[string]string{"3/10/2022": "2022-03-10", "Jun 1 2018": "2018-06-01", "24.12.2025": "2025-12-24", "2026-01-12": "2026-01-12", "soon": "soon"} {
		if got := d.date(in); got != want {
			t.Errorf("date(%q) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"DD.MM", "QQ/YYYY"} {
		if _, err := Layout(bad); err == nil {
			t.Errorf("Layout(%q) accepted", bad)
		}
	}
}

func TestSplitOpen(t *testing.T) {
	src := "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC:\n    - CC6.1\n---\n# Purpose\n"
	fm, body, start, ok := SplitOpen([]byte(src))
	if !ok || string(fm) != "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC:\n    - CC6.1\n" || string(body) != "# Purpose\n" || start != 7 {
		t.Errorf("SplitOpen = %q, %q, %d, %v", fm, body, start, ok)
	}
	for _, notHeader := range []string{"# Title\n\nNote: x\n---\n", "Plain text\n---\n", "note: x\n# Heading\n---\n"} {
		if _, _, _, ok := SplitOpen([]byte(notHeader)); ok {
			t.Errorf("SplitOpen(%q) took prose for a header", notHeader)
		}
	}
}

func TestFromTable(t *testing.T) {
	d := qaraLike(t)
	d.Table = map[string]string{"Document number": "id", "Revision": "revision", "Effective date": "effective", "Owner": "owner"}
	headed := "<!-- c -->\n# Title\n\n| Document number | Revision | Effective date | Owner |\n| --- | --- | --- | --- |\n| SOP-7 | 3 | 3/10/2022 | **QA lead** |\n\n## Purpose\n"
	meta, pos, ok := d.FromTable([]byte(headed), 10)
	want := map[string]any{"id": "SOP-7", "revision": "3", "effective": "2022-03-10", "owner": "QA lead"}
	if !ok || !reflect.DeepEqual(meta, want) {
		t.Errorf("headed table: %#v, %v; want %#v", meta, ok, want)
	}
	if p := pos["/revision"]; p.Line != 15 || p.Col != 11 {
		t.Errorf("/revision at %+v, want line 15 col 11", p)
	}
	rows := "# Title\n\n| Field | Value |\n|---|---|\n| Document number | SOP-8 |\n| Revision | TBD |\n"
	meta, pos, ok = d.FromTable([]byte(rows), 1)
	if !ok || !reflect.DeepEqual(meta, map[string]any{"id": "SOP-8"}) || pos["/id"].Line != 5 {
		t.Errorf("field/value table: %#v %v %v", meta, pos, ok)
	}
	if _, _, ok := d.FromTable([]byte("# T\n\n## Scope\n\n| Document number | Revision |\n|--|--|\n| X | 1 |\n"), 1); ok {
		t.Error("a table below the first section was read as metadata")
	}
}
