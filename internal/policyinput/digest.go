package policyinput

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash"
	"maps"
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
// repository's documents. A document or register named before, by the
// comparison's other side (the memo, memo.go) or by an earlier run
// (kept), has the digest it had then: it depends only on what the item
// was converted from.
func Digests(list []any, kept Kept) ListDigests {
	out := ListDigests{Sums: make([][32]byte, len(list)), Kept: make(Kept, len(list))}
	oks := make([]bool, len(list))
	keys := make([][32]byte, len(list))
	keyed := make([]bool, len(list))
	news := make([]bool, len(list))
	parallel.Each(len(list), func(_, i int) {
		memo := memoOf(list[i])
		keys[i], keyed[i] = itemKey(memo)
		if out.Sums[i], oks[i] = memoSum(memo); oks[i] {
			return
		}
		if keyed[i] {
			if out.Sums[i], oks[i] = kept[keys[i]]; oks[i] {
				memoPutSum(memo, out.Sums[i])
				return
			}
		}
		if out.Sums[i], oks[i] = Digest(list[i]); oks[i] {
			memoPutSum(memo, out.Sums[i])
			news[i] = true
		}
	})
	for i := range list {
		if keyed[i] && oks[i] {
			out.Kept[keys[i]] = out.Sums[i]
		}
		if news[i] {
			out.Fresh++
		}
	}
	out.OK = !slices.Contains(oks, false)
	return out
}

// ListDigests are the digests of a list's elements (Sums; OK when every
// one is named), those of its items by itemKey, for the next run (Kept),
// and how many were computed rather than known (Fresh).
type ListDigests struct {
	Sums  [][32]byte
	OK    bool
	Kept  Kept
	Fresh int
}

// Kept are items' digests by itemKey, as a run keeps them for the next.
type Kept map[[32]byte][32]byte

// itemKey names an item by what it is converted from (its memo key);
// false for an item without one.
func itemKey(memo string) ([32]byte, bool) {
	var key [32]byte
	switch len(memo) {
	case 0:
		return key, false
	case len(key):
		// memoKey's digest already: hashing it again named 20,000
		// items of a large QMS for nothing, on every run.
		copy(key[:], memo)
		return key, true
	}
	return sha256.Sum256([]byte(memo)), true
}

// Encode is kept as bytes, in key order.
func (k Kept) Encode() []byte {
	keys := slices.SortedFunc(maps.Keys(k), func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
	out := make([]byte, 0, 64*len(keys))
	for _, key := range keys {
		sum := k[key]
		out = append(append(out, key[:]...), sum[:]...)
	}
	return out
}

// DecodeKept reverses Encode; false for bytes it did not write.
func DecodeKept(b []byte) (Kept, bool) {
	if len(b)%64 != 0 {
		return nil, false
	}
	out := make(Kept, len(b)/64)
	for i := 0; i < len(b); i += 64 {
		out[[32]byte(b[i:i+32])] = [32]byte(b[i+32 : i+64])
	}
	return out, true
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
	case fileEntry:
		d.walk(x.plain())
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
	extra := it.extra()
	keys := make([]string, 0, len(it.data)+len(annotation)+len(extra))
	for k := range it.data {
		if !it.overrides(k) && it.keeps(k) {
			keys = append(keys, k)
		}
	}
	keys = append(keys, annotation...)
	for _, f := range extra {
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
		if i := slices.IndexFunc(extra, func(f field) bool { return f.key == k }); i >= 0 {
			d.walk(extra[i].value)
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
