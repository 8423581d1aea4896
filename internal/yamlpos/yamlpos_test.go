package yamlpos

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDecodeValuesAndPositions(t *testing.T) {
	src := `id: RR-001
kind: risk-register
revision: 3
ratio: 0.5
approved: true
nothing: ~
date: 2026-01-12
risks:
  - id: R-1
    title: "Ünïcode title"
    rating: {likelihood: 2, severity: 4}
  - id: R-2
"a/b~c": escaped
`
	v, pos, err := Decode([]byte(src), 10)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(v)
	want := `{"a/b~c":"escaped","approved":true,"date":"2026-01-12","id":"RR-001","kind":"risk-register","nothing":null,"ratio":0.5,"revision":3,"risks":[{"id":"R-1","rating":{"likelihood":2,"severity":4},"title":"Ünïcode title"},{"id":"R-2"}]}`
	if string(got) != want {
		t.Errorf("value\n got %s\nwant %s", got, want)
	}
	for ptr, line := range map[string]int{
		"":                         11,
		"/id":                      11,
		"/date":                    17,
		"/risks":                   18,
		"/risks/0":                 19,
		"/risks/0/title":           20,
		"/risks/0/rating/severity": 21,
		"/risks/1":                 22,
		"/risks/1/id":              22,
		"/a~1b~0c":                 23,
	} {
		if p, ok := pos[ptr]; !ok || p.Line != line {
			t.Errorf("pos[%q] = %v, %v; want line %d", ptr, p, ok, line)
		}
	}
	if p := pos["/risks/0/title"]; p.Col != 5 {
		t.Errorf("column of /risks/0/title = %d, want 5", p.Col)
	}
	// A missing field resolves to its closest ancestor.
	if p, ok := pos.Lookup("/risks/1/owner"); !ok || p.Line != 22 {
		t.Errorf("Lookup(/risks/1/owner) = %v, %v; want line 22", p, ok)
	}
	if p, ok := pos.Lookup("/nope/deeper"); !ok || p.Line != 11 {
		t.Errorf("Lookup(/nope/deeper) = %v, %v; want the root", p, ok)
	}
}

func TestDecodeScalarsStayAsWritten(t *testing.T) {
	v, _, err := Decode([]byte("a: 2026-01-12\nb: 2026-01-12T10:00:00Z\nc: 0x1F\nd: .inf\ne: 99999999999999999999\nf: !!binary aGk=\ng: 'true'\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	want := map[string]any{"a": "2026-01-12", "b": "2026-01-12T10:00:00Z", "c": int64(31), "d": ".inf", "e": float64(99999999999999999999), "f": "aGk=", "g": "true"}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got %#v\nwant %#v", m, want)
	}
}

func TestDecodeEmpty(t *testing.T) {
	for _, src := range []string{"", "\n\n", "# only a comment\n"} {
		v, pos, err := Decode([]byte(src), 0)
		if err != nil || v != nil || pos == nil {
			t.Errorf("Decode(%q) = %v, %v, %v; want nil value, empty positions, no error", src, v, pos, err)
		}
	}
}

func TestMergeKeys(t *testing.T) {
	src := `base: &base {owner: qa, interval: 12}
other: &other {owner: it, site: berlin}
doc:
  <<: [*base, *other]
  interval: 6
`
	v, pos, err := Decode([]byte(src), 0)
	if err != nil {
		t.Fatal(err)
	}
	doc := v.(map[string]any)["doc"]
	want := map[string]any{"owner": "qa", "interval": int64(6), "site": "berlin"}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("merged = %#v, want %#v", doc, want)
	}
	// The explicit key keeps its own line even though the merge came first.
	if p := pos["/doc/interval"]; p.Line != 5 {
		t.Errorf("/doc/interval at line %d, want 5", p.Line)
	}
	// Merged keys are placed at the merge, where this occurrence was written.
	if p, _ := pos.Lookup("/doc/site"); p.Line != 3 && p.Line != 4 {
		t.Errorf("/doc/site at line %d, want the doc or its merge", p.Line)
	}
}

func TestDecodeErrors(t *testing.T) {
	bomb := `a: &a ["x","x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
`
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"duplicate key", "id: A\ntitle: x\nid: B\n", 3, `key "id" is defined twice (first at line 1)`},
		{"nested duplicate", "risks:\n  - id: R-1\n    id: R-2\n", 3, `key "id" is defined twice (first at line 2)`},
		{"unclosed flow list", "id: A\ntitle: [unclosed\n", 2, "did not find expected"},
		{"tab indentation", "id: A\n\ttitle: x\n", 2, "found a tab character that violates indentation"},
		{"tab before a list item", "kind: x\nsites:\n\t- id: S-1\n", 3, "(a tab: indent YAML with spaces)"},
		{"second document", "id: A\n---\nid: B\n", 3, "a second YAML document starts here"},
		{"broken second document", "id: A\n---\nid: [\n", 3, "did not find expected"},
		{"alias bomb", bomb, 0, "aliases expand to more than"},
		{"self alias", "a: &a [1, *a]\n", 1, "refers to a value that contains it"},
		{"syntax on the first line", "]\n", 1, "did not find expected node content"},
		{"list item after a mapping", "a: b\n- c\n", 2, "did not find expected key"},
		{"mapping in a scalar", "id: A\ntitle: a: b\n", 2, "mapping values are not allowed in this context"},
		{"complex key", "? [a, b]\n: c\n", 1, "a mapping key must be a plain value"},
		{"merge of a scalar", "a: &a 1\nb:\n  <<: *a\n", 0, "'<<' merges a mapping"},
		{"deep nesting", strings.Repeat("[", 300) + strings.Repeat("]", 300), 1, "nested more than"},
		{"deep block nesting", deepBlock(300), 0, "nested more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, _, err := Decode([]byte(tt.src), 0)
			if err == nil {
				t.Fatal("no error")
			}
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %T %v, want *Error", err, err)
			}
			if !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("message %q does not contain %q", e.Msg, tt.msg)
			}
			if tt.line > 0 && e.Line != tt.line {
				t.Errorf("line %d, want %d (%s)", e.Line, tt.line, e.Msg)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}

func deepBlock(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

func TestErrorLinesAreOffset(t *testing.T) {
	_, _, err := Decode([]byte("id: A\nid: B\n"), 1)
	if e, ok := err.(*Error); !ok || e.Line != 3 {
		t.Fatalf("got %v, want line 3 (offset by the front matter fence)", err)
	}
	if got := err.Error(); got != `line 3: key "id" is defined twice (first at line 2); keep one` {
		t.Errorf("Error() = %q", got)
	}
}

func TestPointer(t *testing.T) {
	if got := Pointer("risks", "0", "a/b", "c~d"); got != "/risks/0/a~1b/c~0d" {
		t.Errorf("Pointer = %q", got)
	}
}

// Columns count bytes (file:line:col in an editor) and, where that
// differs, UTF-16 code units (SARIF, LSP): both decoders count characters.
func TestColumnsAfterUmlauts(t *testing.T) {
	src := []byte("title: Prüfung\nowners: [Jörg, Zoë, x]\nmap: {Größe: 1, b: 2}\nemoji: [\U0001F600, y]\n")
	_, pos, err := Decode(src, 1)
	if err != nil {
		t.Fatal(err)
	}
	for ptr, want := range map[string]Pos{
		"/title":     {Line: 2, Col: 1},
		"/owners/1":  {Line: 3, Col: 17, Col16: 16},
		"/owners/2":  {Line: 3, Col: 23, Col16: 21},
		"/map/b":     {Line: 4, Col: 19, Col16: 17},
		"/emoji/1":   {Line: 5, Col: 15, Col16: 13},
		"/map/Größe": {Line: 4, Col: 7},
	} {
		if got := pos[ptr]; got != want {
			t.Errorf("pos[%q] = %+v, want %+v", ptr, got, want)
		}
	}
	if got := (Pos{Line: 1, Col: 3}).UTF16(); got != 3 {
		t.Errorf("UTF16 of an ASCII column = %d", got)
	}
}
