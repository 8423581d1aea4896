package cache

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// Term tags: an OPA value as a given's entry keeps it (the set of ids,
// the people register), sets told from arrays, which JSON would lose.
const (
	aNull byte = iota
	aFalse
	aTrue
	aNumber
	aString
	aArray
	aObject
	aSet
)

// maxTermDepth bounds the nesting a damaged entry could claim.
const maxTermDepth = 256

// EncodeTerm is an OPA value as an entry keeps it; false for a value
// that is not data (a variable, a reference, a comprehension), which is
// not kept.
func EncodeTerm(v ast.Value) ([]byte, bool) {
	e := &encoder{}
	ok := e.term(v, 0)
	return e.b, ok
}

func (e *encoder) term(v ast.Value, depth int) bool {
	if depth > maxTermDepth {
		return false
	}
	ok := true
	switch x := v.(type) {
	case ast.Null:
		e.b = append(e.b, aNull)
	case ast.Boolean:
		if x {
			e.b = append(e.b, aTrue)
		} else {
			e.b = append(e.b, aFalse)
		}
	case ast.Number:
		e.b = append(e.b, aNumber)
		e.str(string(x))
	case ast.String:
		e.b = append(e.b, aString)
		e.str(string(x))
	case *ast.Array:
		e.b = append(e.b, aArray)
		e.uvarint(uint64(x.Len()))
		for i := range x.Len() {
			ok = ok && e.term(x.Elem(i).Value, depth+1)
		}
	case ast.Object:
		e.b = append(e.b, aObject)
		e.uvarint(uint64(x.Len()))
		x.Foreach(func(k, v *ast.Term) {
			ok = ok && e.term(k.Value, depth+1) && e.term(v.Value, depth+1)
		})
	case ast.Set:
		e.b = append(e.b, aSet)
		e.uvarint(uint64(x.Len()))
		x.Foreach(func(t *ast.Term) {
			ok = ok && e.term(t.Value, depth+1)
		})
	default:
		return false
	}
	return ok
}

// DecodeTerm reverses EncodeTerm; an error for bytes it did not write.
func DecodeTerm(b []byte) (ast.Value, error) {
	d := &decoder{b: b}
	v := d.term(0)
	if d.err == nil && len(d.b) > 0 {
		d.fail()
	}
	if d.err != nil {
		return nil, d.err
	}
	return v, nil
}

func (d *decoder) term(depth int) ast.Value {
	if depth > maxTermDepth {
		d.fail()
		return nil
	}
	switch d.byte() {
	case aNull:
		return ast.Null{}
	case aFalse:
		return ast.Boolean(false)
	case aTrue:
		return ast.Boolean(true)
	case aNumber:
		return ast.Number(d.str())
	case aString:
		return ast.String(d.str())
	case aArray:
		if terms, ok := d.terms(depth); ok {
			return ast.NewArray(terms...)
		}
	case aObject:
		n := d.count()
		pairs := make([][2]*ast.Term, 0, n)
		for range n {
			k := d.term(depth + 1)
			v := d.term(depth + 1)
			if d.err != nil {
				return nil
			}
			pairs = append(pairs, [2]*ast.Term{ast.NewTerm(k), ast.NewTerm(v)})
		}
		return ast.NewObject(pairs...)
	case aSet:
		if terms, ok := d.terms(depth); ok {
			return ast.NewSet(terms...)
		}
	}
	d.fail()
	return nil
}

// terms reads the elements of an array or a set; false when the entry is
// damaged.
func (d *decoder) terms(depth int) ([]*ast.Term, bool) {
	n := d.count()
	terms := make([]*ast.Term, 0, n)
	for range n {
		t := d.term(depth + 1)
		if d.err != nil {
			return nil, false
		}
		terms = append(terms, ast.NewTerm(t))
	}
	return terms, d.err == nil
}

// count is a length that the rest of the entry can hold (each element
// takes a byte at least), so a damaged entry never asks for a huge list.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}
