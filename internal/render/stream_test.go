package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/finding"
)

// encodeList writes what an Encoder writes of the value with the list in
// place, whatever the depth of the list, its length and its elements.
func TestEncodeListAsTheEncoder(t *testing.T) {
	type item struct {
		Text  string         `json:"text"`
		Tags  []string       `json:"tags"`
		Props map[string]any `json:"props,omitempty"`
	}
	items := []item{
		{Text: "a <b> & \"c\" \u00e4 \u2028", Tags: []string{"x"}, Props: map[string]any{"n": 1, "nested": []any{map[string]any{}, []string{}}}},
		{Text: "", Tags: []string{}},
		{Text: "line\nbreak\ttab \x00 nul", Tags: nil},
	}
	type inner struct {
		Kind  string          `json:"kind"`
		List  json.RawMessage `json:"list"`
		After []int           `json:"after"`
	}
	type outer struct {
		Before string  `json:"before"`
		Runs   []inner `json:"runs"`
	}
	for _, n := range []int{0, 1, len(items)} {
		list := items[:n]
		var raw bytes.Buffer
		compact := json.NewEncoder(&raw)
		compact.SetEscapeHTML(false)
		if err := compact.Encode(list); err != nil {
			t.Fatal(err)
		}
		whole := raw.Bytes()
		for name, value := range map[string]func(list json.RawMessage) any{
			"top level": func(list json.RawMessage) any { return list },
			"nested":    func(list json.RawMessage) any { return outer{"b", []inner{{"k", list, []int{1, 2}}}} },
			// The mark is no fixed text a repository's string could spell.
			"beside its spelling": func(list json.RawMessage) any {
				return outer{"\x00qmslint-list\x00", []inner{{"\x00qmslint-list-\x00", list, nil}}}
			},
		} {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(value(whole)); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := encodeList(&got, n, func(i int) any { return list[i] }, value); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s, %d elements:\n%s\nwant\n%s", name, n, got.String(), want.String())
			}
		}
	}
}

// A value without the mark, or with it twice, is an error, not a report
// without its list or with it in the wrong place.
func TestEncodeListNeedsTheMarkOnce(t *testing.T) {
	for _, outer := range []func(json.RawMessage) any{
		func(json.RawMessage) any { return map[string]string{"a": "b"} },
		func(m json.RawMessage) any { return []json.RawMessage{m, m} },
	} {
		err := encodeList(&bytes.Buffer{}, 1, func(int) any { return 1 }, outer)
		if err == nil || !strings.Contains(err.Error(), "mark") {
			t.Errorf("err = %v", err)
		}
	}
}

// The JSON format with no findings keeps an empty list, not null.
func TestJSONNoFindings(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, Report{Date: "2026-12-07"}); err != nil {
		t.Fatal(err)
	}
	var out struct{ Findings []finding.Finding }
	if err := json.Unmarshal(b.Bytes(), &out); err != nil || out.Findings == nil || !strings.Contains(b.String(), `"findings": []`) {
		t.Errorf("err %v, output:\n%s", err, b.String())
	}
}
