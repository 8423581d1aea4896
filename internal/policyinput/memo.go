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
	items map[string]*ast.Term
	sums  map[string][32]byte // Digest, by the same keys
	// cut holds items cut to the fields cutSig names (Cut), by the same
	// keys: a process cuts to one set of fields, the change rules'.
	cut    map[string]*ast.Term
	cutSig string
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

func memoGet(key string) *ast.Term {
	if key == "" {
		return nil
	}
	memo.Lock()
	defer memo.Unlock()
	return memo.items[key]
}

func memoPut(key string, t *ast.Term) {
	if key == "" {
		return
	}
	memo.Lock()
	defer memo.Unlock()
	if memo.items == nil || len(memo.items) >= maxMemo {
		memo.items = map[string]*ast.Term{}
	}
	memo.items[key] = t
}

func memoGetCut(key, sig string) *ast.Term {
	if key == "" {
		return nil
	}
	memo.Lock()
	defer memo.Unlock()
	if memo.cutSig != sig {
		return nil
	}
	return memo.cut[key]
}

func memoPutCut(key, sig string, t *ast.Term) {
	if key == "" {
		return
	}
	memo.Lock()
	defer memo.Unlock()
	if memo.cut == nil || memo.cutSig != sig || len(memo.cut) >= maxMemo {
		memo.cut, memo.cutSig = map[string]*ast.Term{}, sig
	}
	memo.cut[key] = t
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
