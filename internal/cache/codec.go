package cache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"unsafe"

	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// The entry codec is hand-written rather than gob or JSON: it must give
// back exactly the values the parser made (int64 stays int64, a nil list
// stays nil and an empty one empty, or the policy input and so the output
// would differ between a cold and a warm run), and it runs 10,000 times
// on a warm run. Anything it cannot represent is not cached.

// Value tags.
const (
	tNil byte = iota
	tFalse
	tTrue
	tInt64
	tInt
	tFloat
	tString
	tList
	tMap
)

var errCorrupt = errors.New("corrupt cache entry")

type encoder struct{ b []byte }

func (e *encoder) uvarint(n uint64) { e.b = binary.AppendUvarint(e.b, n) }
func (e *encoder) int(n int)        { e.b = binary.AppendVarint(e.b, int64(n)) }
func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}
func (e *encoder) str(s string) { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }

// length writes a slice's or map's length, with nil told from empty.
func (e *encoder) length(n int, isNil bool) {
	if isNil {
		e.uvarint(0)
		return
	}
	e.uvarint(uint64(n) + 1)
}

func (e *encoder) bytes(b []byte) { e.length(len(b), b == nil); e.b = append(e.b, b...) }

func (e *encoder) strs(l []string) {
	e.length(len(l), l == nil)
	for _, s := range l {
		e.str(s)
	}
}

func (e *encoder) value(v any) error {
	switch t := v.(type) {
	case nil:
		e.b = append(e.b, tNil)
	case bool:
		if t {
			e.b = append(e.b, tTrue)
		} else {
			e.b = append(e.b, tFalse)
		}
	case int64:
		e.b = append(e.b, tInt64)
		e.b = binary.AppendVarint(e.b, t)
	case int:
		e.b = append(e.b, tInt)
		e.b = binary.AppendVarint(e.b, int64(t))
	case float64:
		e.b = append(e.b, tFloat)
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(t))
	case string:
		e.b = append(e.b, tString)
		e.str(t)
	case []any:
		e.b = append(e.b, tList)
		e.length(len(t), t == nil)
		for _, x := range t {
			if err := e.value(x); err != nil {
				return err
			}
		}
	case map[string]any:
		e.b = append(e.b, tMap)
		return e.object(t)
	default:
		return fmt.Errorf("cannot cache a value of type %T", v)
	}
	return nil
}

func (e *encoder) object(m map[string]any) error {
	e.length(len(m), m == nil)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e.str(k)
		if err := e.value(m[k]); err != nil {
			return err
		}
	}
	return nil
}

func (e *encoder) positions(p yamlpos.Positions) {
	e.length(len(p), p == nil)
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e.str(k)
		e.int(p[k].Line)
		e.int(p[k].Col)
		e.int(p[k].Col16)
	}
}

func (e *encoder) problems(ps []model.Problem) {
	e.length(len(ps), ps == nil)
	for _, p := range ps {
		e.str(p.Rule)
		e.str(p.File)
		e.int(p.Line)
		e.str(p.Subject)
		e.str(p.Msg)
	}
}

func (e *encoder) file(f model.File) {
	e.str(f.Path)
	e.str(f.Format)
	e.bool(f.Controlled)
	e.str(f.Kind)
	e.bool(f.Failed)
	e.str(f.ID)
	e.strs(f.Clauses)
	e.str(f.SHA256)
	e.length(len(f.Claims), f.Claims == nil)
	for _, c := range f.Claims {
		e.str(c.Standard)
		e.str(c.Edition)
		e.str(c.Adoption)
		e.str(c.Clause)
		e.int(c.Line)
		e.str(c.Source)
		e.str(c.Text)
		e.bool(c.NotApplicable)
		e.str(c.Form)
	}
}

func (e *encoder) document(d *model.Document) error {
	e.bool(d != nil)
	if d == nil {
		return nil
	}
	e.str(d.File)
	e.int(d.Line)
	if err := e.object(d.Meta); err != nil {
		return err
	}
	e.positions(d.Pos)
	e.length(len(d.Headings), d.Headings == nil)
	for _, h := range d.Headings {
		e.int(h.Level)
		e.str(h.Text)
		e.int(h.Line)
	}
	e.length(len(d.Links), d.Links == nil)
	for _, l := range d.Links {
		e.str(l.Target)
		e.int(l.Line)
		e.bool(l.Local)
		e.str(l.Path)
		e.bool(l.Exists)
	}
	e.bytes(d.Body)
	e.int(d.BodyStart)
	return nil
}

func (e *encoder) register(r *model.Register) error {
	e.bool(r != nil)
	if r == nil {
		return nil
	}
	e.str(r.File)
	if err := e.object(r.Data); err != nil {
		return err
	}
	e.positions(r.Pos)
	return nil
}

// encodeParsed is the parse part of an entry.
func encodeParsed(p load.Parsed) ([]byte, error) {
	e := &encoder{b: make([]byte, 0, 1024)}
	e.file(p.File)
	if err := e.document(p.Doc); err != nil {
		return nil, err
	}
	if err := e.register(p.Reg); err != nil {
		return nil, err
	}
	e.problems(p.Problems)
	return e.b, nil
}

// decoder reads what encoder wrote; any inconsistency (a truncated or
// damaged entry) stops it with errCorrupt, never a panic or a huge
// allocation.
type decoder struct {
	b   []byte
	err error
	// share makes strings point into b instead of copying it, for bytes
	// that are never written again: a parsed file's entry (entry.parsed,
	// a payload read for it). A warm run decodes every file of each side,
	// some hundred strings a file, and their copies were two thirds of
	// its allocations.
	share bool
	// pos, when set, gives equal positions one map (positions).
	pos *posTable
}

func (d *decoder) fail() { d.err = errCorrupt; d.b = nil }

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	n, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) int() int {
	if d.err != nil {
		return 0
	}
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return int(n)
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) bool() bool { return d.byte() == 1 }

func (d *decoder) raw(n uint64) []byte {
	if d.err != nil || n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	out := d.b[:n:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) str() string {
	b := d.raw(d.uvarint())
	if !d.share || len(b) == 0 {
		return string(b)
	}
	return unsafe.String(&b[0], len(b))
}

// length reads a length written by encoder.length: -1 for nil. A length
// longer than the bytes left cannot be honest (every element takes at
// least a byte), which keeps a damaged entry from allocating gigabytes.
func (d *decoder) length() int {
	n := d.uvarint()
	if n == 0 || d.err != nil {
		return -1
	}
	if n-1 > uint64(len(d.b)) {
		d.fail()
		return -1
	}
	return int(n - 1)
}

func (d *decoder) bytes() []byte {
	n := d.length()
	if n < 0 {
		return nil
	}
	return append([]byte{}, d.raw(uint64(n))...)
}

// part is bytes without the copy: a slice of d.b, capped so that an
// append never writes past it.
func (d *decoder) part() []byte {
	n := d.length()
	if n < 0 {
		return nil
	}
	return d.raw(uint64(n))
}

func (d *decoder) strs() []string {
	n := d.length()
	if n < 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) value(depth int) any {
	if depth > 10000 {
		d.fail()
		return nil
	}
	switch d.byte() {
	case tNil:
		return nil
	case tFalse:
		return false
	case tTrue:
		return true
	case tInt64:
		return int64(d.int())
	case tInt:
		return d.int()
	case tFloat:
		b := d.raw(8)
		if d.err != nil {
			return nil
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(b))
	case tString:
		return d.str()
	case tList:
		n := d.length()
		if n < 0 {
			return []any(nil)
		}
		out := make([]any, n)
		for i := range out {
			out[i] = d.value(depth + 1)
		}
		return out
	case tMap:
		return d.object(depth + 1)
	}
	d.fail()
	return nil
}

func (d *decoder) object(depth int) map[string]any {
	n := d.length()
	if n < 0 {
		return nil
	}
	out := make(map[string]any, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.str()
		out[k] = d.value(depth)
	}
	return out
}

func (d *decoder) positions() yamlpos.Positions {
	start := d.b
	n := d.length()
	if n < 0 {
		return nil
	}
	var span []byte
	if d.pos != nil {
		// The bytes of these positions, read over without a map: equal
		// bytes are equal positions.
		over := decoder{b: d.b}
		for i := 0; i < n && over.err == nil; i++ {
			over.raw(over.uvarint())
			over.int()
			over.int()
			over.int()
		}
		if over.err != nil {
			d.fail()
			return nil
		}
		span = start[:len(start)-len(over.b)]
		if p, ok := d.pos.get(span); ok {
			d.b = over.b
			return p
		}
	}
	out := make(yamlpos.Positions, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.str()
		out[k] = yamlpos.Pos{Line: d.int(), Col: d.int(), Col16: d.int()}
	}
	if d.pos != nil && d.err == nil {
		d.pos.put(span, out)
	}
	return out
}

// posTable is the positions a store decoded, by their bytes. A QMS
// written from templates has the same fields at the same places in
// document after document: the loader gives equal positions one map
// (load's sharePositions), and with this table a file decoded from the
// cache is given that map rather than a new one to compare. Positions
// are only read once parsed, so sharing them is safe.
type posTable struct {
	mu sync.Mutex
	m  map[string]yamlpos.Positions
}

// maxPositions bounds the table: a QMS whose documents each have their
// own positions gains nothing from it.
const maxPositions = 1024

func (t *posTable) get(b []byte) (yamlpos.Positions, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.m[string(b)]
	return p, ok
}

func (t *posTable) put(b []byte, p yamlpos.Positions) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]yamlpos.Positions{}
	}
	if len(t.m) < maxPositions {
		t.m[string(b)] = p
	}
}

func (d *decoder) problems() []model.Problem {
	n := d.length()
	if n < 0 {
		return nil
	}
	out := make([]model.Problem, n)
	for i := range out {
		out[i] = model.Problem{Rule: d.str(), File: d.str(), Line: d.int(), Subject: d.str(), Msg: d.str()}
	}
	return out
}

func (d *decoder) file() model.File {
	f := model.File{Path: d.str(), Format: d.str(), Controlled: d.bool(), Kind: d.str(), Failed: d.bool(), ID: d.str(), Clauses: d.strs(), SHA256: d.str()}
	if n := d.length(); n >= 0 {
		f.Claims = make([]model.Claim, n)
		for i := range f.Claims {
			f.Claims[i] = model.Claim{Standard: d.str(), Edition: d.str(), Adoption: d.str(), Clause: d.str(), Line: d.int(), Source: d.str(), Text: d.str(), NotApplicable: d.bool(), Form: d.str()}
		}
	}
	return f
}

func (d *decoder) document() *model.Document {
	if !d.bool() {
		return nil
	}
	doc := &model.Document{File: d.str(), Line: d.int(), Meta: d.object(0), Pos: d.positions()}
	if n := d.length(); n >= 0 {
		doc.Headings = make([]model.Heading, n)
		for i := range doc.Headings {
			doc.Headings[i] = model.Heading{Level: d.int(), Text: d.str(), Line: d.int()}
		}
	}
	if n := d.length(); n >= 0 {
		doc.Links = make([]model.Link, n)
		for i := range doc.Links {
			doc.Links[i] = model.Link{Target: d.str(), Line: d.int(), Local: d.bool(), Path: d.str(), Exists: d.bool()}
		}
	}
	// Read only (the report's cover, the policy input): shared too.
	if d.share {
		doc.Body = d.part()
	} else {
		doc.Body = d.bytes()
	}
	doc.BodyStart = d.int()
	return doc
}

func (d *decoder) register() *model.Register {
	if !d.bool() {
		return nil
	}
	return &model.Register{File: d.str(), Data: d.object(0), Pos: d.positions()}
}

// decodeParsed reads the parse part of an entry; b is never to be
// written again (its strings are the returned values').
func decodeParsed(b []byte, pos *posTable) (load.Parsed, error) {
	d := &decoder{b: b, share: true, pos: pos}
	p := load.Parsed{File: d.file(), Doc: d.document(), Reg: d.register(), Problems: d.problems()}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return p, d.err
}

func encodeProblems(ps []model.Problem) []byte {
	e := &encoder{}
	e.problems(ps)
	return e.b
}

func decodeProblems(b []byte) ([]model.Problem, error) {
	d := &decoder{b: b, share: true}
	ps := d.problems()
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return ps, d.err
}

// encodeEntry is an entry's payload: the parse, then the schema problems.
func encodeEntry(parsed, schema []byte) []byte {
	e := &encoder{b: make([]byte, 0, len(parsed)+len(schema)+12)}
	e.bytes(parsed)
	e.bytes(schema)
	return e.b
}

// decodeEntry reads a payload; the parse is decoded too, so an entry that
// does not decode counts as missing. The parse and problems returned are
// parts of b, which the caller gives up.
func decodeEntry(b []byte, pos *posTable) (p load.Parsed, parsed, schema []byte, hasSchema bool, err error) {
	d := &decoder{b: b}
	parsed = d.part()
	schema = d.part()
	if d.err != nil || len(d.b) != 0 || parsed == nil {
		return p, nil, nil, false, errCorrupt
	}
	if schema != nil {
		if _, err := decodeProblems(schema); err != nil {
			return p, nil, nil, false, err
		}
	}
	p, err = decodeParsed(parsed, pos)
	return p, parsed, schema, schema != nil, err
}
