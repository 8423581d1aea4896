package cache

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// A given's value reads back as the value it was: sets stay sets (JSON
// would make them arrays), numbers keep their text, nesting its shape.
func TestTermRoundTrip(t *testing.T) {
	for _, src := range []string{
		`null`, `true`, `false`, `1.50`, `-3`, `"x"`, `""`,
		`[]`, `{}`, `set()`,
		`{"SOP-1", "WI-2", "RISK-3"}`,
		`{"a": [1, {"b": {true, null}}], "c": {"d": set()}, 7: "seven"}`,
		`[[[]], [{}], [set()]]`,
	} {
		v := ast.MustParseTerm(src).Value
		b, ok := EncodeTerm(v)
		if !ok {
			t.Fatalf("%s: not kept", src)
		}
		got, err := DecodeTerm(b)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got.Compare(v) != 0 || ast.TypeName(got) != ast.TypeName(v) {
			t.Errorf("%s read back as %s", src, got)
		}
		// Every cut of the entry is an error, never a panic or a value.
		for n := range len(b) {
			if x, err := DecodeTerm(b[:n]); err == nil {
				t.Errorf("%s cut to %d bytes read back as %v", src, n, x)
			}
		}
	}
	for _, src := range []string{`x`, `data.a.b`, `[x | x := 1]`} {
		if _, ok := EncodeTerm(ast.MustParseTerm(src).Value); ok {
			t.Errorf("%s kept, want only data kept", src)
		}
	}
	// A length no entry could hold is an error, not an allocation.
	if _, err := DecodeTerm([]byte{aArray, 0xff, 0xff, 0xff, 0xff, 0x0f}); err == nil {
		t.Error("a huge length read back")
	}
}
