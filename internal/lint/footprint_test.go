package lint

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// valueDigest names a value by content: the order an object or set was
// built in does not matter, and values that differ never share a digest
// (swapped values, split strings, a number for a string).
func TestValueDigest(t *testing.T) {
	same := [][2]string{
		{`{"a": 1, "b": [1, 2]}`, `{"b": [1, 2], "a": 1}`},
		{`{"x", "y", "z"}`, `{"z", "x", "y"}`},
	}
	for _, c := range same {
		if valueDigest(ast.MustParseTerm(c[0]).Value) != valueDigest(ast.MustParseTerm(c[1]).Value) {
			t.Errorf("%s and %s: digests differ", c[0], c[1])
		}
	}
	differ := [][2]string{
		{`{"a": 1, "b": 2}`, `{"a": 2, "b": 1}`},
		{`["ab", "c"]`, `["a", "bc"]`},
		{`[1]`, `["1"]`},
		{`[[1], 2]`, `[[1, 2]]`},
		{`{"a": null}`, `{"a": false}`},
	}
	for _, c := range differ {
		if valueDigest(ast.MustParseTerm(c[0]).Value) == valueDigest(ast.MustParseTerm(c[1]).Value) {
			t.Errorf("%s and %s share a digest", c[0], c[1])
		}
	}
}
