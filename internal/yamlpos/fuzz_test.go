package yamlpos

import (
	"encoding/json"
	"strconv"
	"testing"
)

// FuzzDecode checks that no input panics, hangs or yields a value that the
// later stages cannot handle: the value must encode as JSON, and every value
// in it must have a position at or after the offset.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"id: SOP-1\nkind: procedure\napprovals:\n  - {by: ann, date: 2026-01-12}\n",
		"a: &a [1, 2]\nb: *a\nc:\n  <<: {x: 1}\n",
		"risks:\n- id: R-1\n  likelihood: 2\n",
		"id: A\nid: B\n",
		"---\na: 1\n---\nb: 2\n",
		"? [a]\n: b\n",
		"a: !!binary aGk=\nb: .nan\nc: 1e400\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const offset = 3
		v, pos, err := Decode(src, offset)
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %T, want *Error: %v", err, err)
			}
			if e.Line <= offset {
				t.Fatalf("error line %d is not after the offset %d: %v", e.Line, offset, e)
			}
			return
		}
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("value does not encode as JSON: %v", err)
		}
		walk(t, v, "", pos, offset)
	})
}

func walk(t *testing.T, v any, ptr string, pos Positions, offset int) {
	if ptr != "" {
		p, ok := pos.Lookup(ptr)
		if !ok || p.Line <= offset {
			t.Fatalf("value at %q has no position after the offset: %v, %v", ptr, p, ok)
		}
	}
	switch c := v.(type) {
	case map[string]any:
		for k, e := range c {
			walk(t, e, ptr+"/"+escape(k), pos, offset)
		}
	case []any:
		for i, e := range c {
			walk(t, e, ptr+"/"+strconv.Itoa(i), pos, offset)
		}
	}
}
