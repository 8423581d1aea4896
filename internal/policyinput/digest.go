package policyinput

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/parallel"
)

// Digest names a part of a built input (Build) by what rules see of it,
// not by the files it came from: an edit to a procedure's prose, which
// leaves its front matter, outline and links as they were, leaves the
// digest of input.documents as it was, and the rules that read the
// documents' fields need not be evaluated again. Objects are hashed in
// sorted order and every part behind its kind and length, so no two
// values share a digest. false when v holds a value of a type the input
// does not otherwise hold.
func Digest(v any) ([32]byte, bool) {
	d := digester{h: sha256.New()}
	d.value(v)
	var sum [32]byte
	d.h.Sum(sum[:0])
	return sum, d.ok()
}

// Digests is Digest of each element of list, on every core: a large
// repository's documents. A document or register the comparison's other
// side named has the same digest (the memo, memo.go).
func Digests(list []any) ([][32]byte, bool) {
	out := make([][32]byte, len(list))
	ok := make([]bool, len(list))
	parallel.Each(len(list), func(_, i int) {
		it, _ := list[i].(item)
		if out[i], ok[i] = memoSum(it.memo); ok[i] {
			return
		}
		if out[i], ok[i] = Digest(list[i]); ok[i] {
			memoPutSum(it.memo, out[i])
		}
	})
	return out, !slices.Contains(ok, false)
}

var errUnnamed = errors.New("a value of a type the input does not hold")

type digester struct {
	h   hash.Hash
	buf []byte
	bad bool
}

func (d *digester) ok() bool { return !d.bad }

func (d *digester) flush() {
	d.h.Write(d.buf)
	d.buf = d.buf[:0]
}

func (d *digester) str(kind byte, s string) {
	d.buf = append(d.buf, kind)
	d.buf = binary.AppendUvarint(d.buf, uint64(len(s)))
	d.buf = append(d.buf, s...)
	if len(d.buf) > 4096 {
		d.flush()
	}
}

func (d *digester) head(kind byte, n int) {
	d.buf = append(d.buf, kind)
	d.buf = binary.AppendUvarint(d.buf, uint64(n))
}

func (d *digester) value(v any) {
	d.walk(v)
	d.flush()
}

func (d *digester) walk(v any) {
	switch x := v.(type) {
	case nil:
		d.buf = append(d.buf, 'z')
	case bool:
		if x {
			d.buf = append(d.buf, 't')
		} else {
			d.buf = append(d.buf, 'f')
		}
	case string:
		d.str('s', x)
	case int64:
		d.head('i', 0)
		d.buf = binary.AppendVarint(d.buf, x)
	case item:
		d.item(x)
	case table:
		d.head('T', len(x.keys))
		for _, k := range x.keys {
			d.str('k', k)
		}
		d.head('r', len(x.rows))
		for _, row := range x.rows {
			for _, c := range row {
				d.walk(c)
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		d.head('o', len(keys))
		for _, k := range keys {
			d.str('k', k)
			d.walk(x[k])
		}
	case []any:
		d.head('a', len(x))
		for _, e := range x {
			d.walk(e)
		}
	case []map[string]any:
		d.head('a', len(x))
		for _, e := range x {
			d.walk(e)
		}
	case []string:
		d.head('a', len(x))
		for _, e := range x {
			d.str('s', e)
		}
	case ast.Value:
		d.ast(x)
	default:
		// Numbers and other scalars as OPA will see them.
		av, err := ast.InterfaceToValue(x)
		switch av.(type) {
		case ast.Number, ast.String, ast.Boolean, ast.Null:
		default:
			err = errUnnamed
		}
		if err != nil {
			d.bad = true
			return
		}
		d.str('n', av.String())
	}
}

// ast walks an OPA value: objects and sets in sorted order. (A value's
// String() is canonical too, and for a map of 10,000 ids costs a fifth of
// a second.)
func (d *digester) ast(v ast.Value) {
	switch x := v.(type) {
	case ast.Null:
		d.buf = append(d.buf, 'z')
	case ast.Boolean:
		d.walk(bool(x))
	case ast.Number:
		d.str('n', string(x))
	case ast.String:
		d.str('s', string(x))
	case *ast.Array:
		d.head('a', x.Len())
		for i := range x.Len() {
			d.ast(x.Elem(i).Value)
		}
	case ast.Object:
		d.head('o', x.Len())
		x.Foreach(func(k, v *ast.Term) {
			d.ast(k.Value)
			d.ast(v.Value)
		})
	case ast.Set:
		d.head('e', x.Len())
		for _, t := range x.Slice() {
			d.ast(t.Value)
		}
	default:
		d.str('?', v.String())
	}
}

// item walks an item as plain() shows it, without the copies plain()
// makes: every object of a top-level list annotated with its file, line
// and pointer, then the item's own, then its extra fields.
func (d *digester) item(it item) {
	keys := make([]string, 0, len(it.data)+len(annotation)+len(it.extra))
	for k := range it.data {
		if !it.overrides(k) {
			keys = append(keys, k)
		}
	}
	keys = append(keys, annotation...)
	for _, f := range it.extra {
		keys = append(keys, f.key)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	d.head('o', len(keys))
	for _, k := range keys {
		d.str('k', k)
		switch k {
		case "file":
			d.str('s', it.file)
			continue
		case "line":
			d.walk(int64(it.line))
			continue
		case "pointer":
			d.str('s', "")
			continue
		}
		if i := slices.IndexFunc(it.extra, func(f field) bool { return f.key == k }); i >= 0 {
			d.walk(it.extra[i].value)
			continue
		}
		list, ok := it.data[k].([]any)
		if !ok {
			d.walk(it.data[k])
			continue
		}
		d.head('a', len(list))
		for i, e := range list {
			obj, ok := e.(map[string]any)
			if !ok {
				d.walk(e)
				continue
			}
			ptr, line := it.at(k, i)
			d.annotated(obj, it.file, int64(line), ptr)
		}
	}
}

// annotated walks obj with its file, line and pointer set.
func (d *digester) annotated(obj map[string]any, file string, line int64, ptr string) {
	keys := make([]string, 0, len(obj)+len(annotation))
	for k := range obj {
		if !slices.Contains(annotation, k) {
			keys = append(keys, k)
		}
	}
	keys = append(keys, annotation...)
	slices.Sort(keys)
	d.head('o', len(keys))
	for _, k := range keys {
		d.str('k', k)
		switch k {
		case "file":
			d.str('s', file)
		case "line":
			d.walk(line)
		case "pointer":
			d.str('s', ptr)
		default:
			d.walk(obj[k])
		}
	}
}
