package policyinput

import (
	"crypto/sha256"
	"strconv"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/model"
)

// The two sides of a comparison (lint --staged, review) are converted in
// one process and share nearly every file: each document and register
// converted for one side is kept here by what it was converted from, and
// the other side uses the same term (OPA never modifies a term). A
// converted item depends on its file's path and content, the
// configuration it was parsed under (Options.Memo), and which of its
// local links resolve, which the loader decides from the other files.
var memo struct {
	sync.Mutex
	items terms               // whole items
	cut   terms               // items cut to the fields of the last Cut
	sums  map[string][32]byte // Digest, by the same keys
}

// terms are converted items by key, for one signature of a cut ("" for
// whole items): a process cuts to one set of fields, the change rules'.
type terms struct {
	byKey map[string]*ast.Term
	sig   string
}

func (m *terms) get(key, sig string) *ast.Term {
	if m.sig != sig {
		return nil
	}
	return m.byKey[key]
}

func (m *terms) put(key, sig string, t *ast.Term) {
	if m.byKey == nil || m.sig != sig || len(m.byKey) >= maxMemo {
		m.byKey, m.sig = map[string]*ast.Term{}, sig
	}
	m.byKey[key] = t
}

// maxMemo bounds what a long-running process (the language server)
// keeps: two sides of a large repository.
const maxMemo = 100_000

// fileSums is each file's content digest by path, nil without a memo.
func fileSums(repo *model.Repository, ctx string) map[string]string {
	if ctx == "" {
		return nil
	}
	sums := make(map[string]string, len(repo.Files))
	for _, f := range repo.Files {
		if f.SHA256 != "" {
			sums[f.Path] = f.SHA256
		}
	}
	return sums
}

// memoKey names an item of file at line ("" when the file's content is
// not known): kind tells a document from a register of the same file. The
// name is a digest of those parts: a run keeps one per item until the
// process ends, and the parts spelled out were four times as long.
func memoKey(sums map[string]string, ctx, kind, file string, line int, links []model.Link) string {
	sum, ok := sums[file]
	if !ok {
		return ""
	}
	b := make([]byte, 0, 256)
	for _, s := range []string{ctx, kind, file, sum, strconv.Itoa(line)} {
		b = append(b, s...)
		b = append(b, 0)
	}
	for _, l := range links {
		if l.Exists {
			b = append(b, '1')
		} else {
			b = append(b, '0')
		}
	}
	d := sha256.Sum256(b)
	return string(d[:])
}

// memoGet is the item converted under key, whole when cut is nil.
func memoGet(key string, cut *cutting) *ast.Term {
	if key == "" {
		return nil
	}
	memo.Lock()
	defer memo.Unlock()
	m, sig := memoOfCut(cut)
	return m.get(key, sig)
}

func memoPut(key string, cut *cutting, t *ast.Term) {
	if key == "" {
		return
	}
	memo.Lock()
	defer memo.Unlock()
	m, sig := memoOfCut(cut)
	m.put(key, sig, t)
}

// memoOfCut is where items cut as cut says are kept; memo is locked.
func memoOfCut(cut *cutting) (*terms, string) {
	if cut == nil {
		return &memo.items, ""
	}
	return &memo.cut, cut.sig
}

func memoSum(key string) ([32]byte, bool) {
	if key == "" {
		return [32]byte{}, false
	}
	memo.Lock()
	defer memo.Unlock()
	sum, ok := memo.sums[key]
	return sum, ok
}

func memoPutSum(key string, sum [32]byte) {
	if key == "" {
		return
	}
	memo.Lock()
	defer memo.Unlock()
	if memo.sums == nil || len(memo.sums) >= maxMemo {
		memo.sums = map[string][32]byte{}
	}
	memo.sums[key] = sum
}

// memoOf is an element's key in the memo, "" for none.
func memoOf(v any) string {
	switch x := v.(type) {
	case item:
		return x.memo
	case fileEntry:
		return x.memo
	}
	return ""
}
