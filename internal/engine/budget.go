package engine

import (
	"fmt"
	"math"
	"net"
	"regexp"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/qmslint/qmslint/internal/bytesize"
)

// DefaultMemoryBudget bounds the heap of a run: a lint of 10,000
// documents peaks near 570 MB, and a CI runner has a few GB at most.
const DefaultMemoryBudget = 1 << 30

// memoryBudget is the heap, in bytes, policy evaluation may reach; 0 means
// no bound. It is process-wide because the guarded builtins are: OPA
// registers builtins globally.
var memoryBudget atomic.Int64

func init() {
	memoryBudget.Store(DefaultMemoryBudget)
	guardBuiltins()
}

// SetMemoryBudget sets the heap bound of policy evaluation (0: none).
func SetMemoryBudget(bytes int64) { memoryBudget.Store(bytes) }

// MemoryBudget is the heap bound in force.
func MemoryBudget() int64 { return memoryBudget.Load() }

// MemoryError is returned when a rule would take the heap over the
// memory budget. Where names the rule (a builtin call's file:line, or the
// rules being evaluated when the heap crossed the budget).
type MemoryError struct {
	Budget int64
	Where  string
	What   string
}

func (e *MemoryError) Error() string {
	return fmt.Sprintf("policy evaluation stopped at the memory budget of %s (--max-memory, or max_memory in .qmslint.yaml): %s: %s", bytesize.Format(e.Budget), e.Where, e.What)
}

var (
	heapMu      sync.Mutex
	heapSamples = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
)

// heapBytes is the memory held by heap objects now, live or not yet
// swept, and the live heap as the last collection found it; reading them
// does not stop the world as runtime.ReadMemStats does.
func heapBytes() (objects, live int64) {
	heapMu.Lock()
	defer heapMu.Unlock()
	metrics.Read(heapSamples)
	return int64(heapSamples[0].Value.Uint64()), int64(heapSamples[1].Value.Uint64())
}

// termBytes is what one new element of an array costs at least: the term,
// its value and the slot that points to it.
const termBytes = 64

// guarded are the builtins whose output can be far larger than their
// input in one call. OPA checks the deadline and cancellation only
// between evaluation steps, and one call is one step: concat of 4,000
// copies of a 1 MB string allocates 4 GB before anything can stop it.
// Each guard predicts the size of the result from the operands and
// refuses, before allocating, a result that would cross the budget;
// growth over many steps is left to the heap watcher (watch.go).
var guarded = map[string]func(ops []*ast.Term) int64{
	ast.Concat.Name: func(ops []*ast.Term) int64 {
		sep, _ := ops[0].Value.(ast.String)
		n, total := 0, int64(0)
		each(ops[1], func(t *ast.Term) {
			n++
			if s, ok := t.Value.(ast.String); ok {
				total += int64(len(s))
			}
		})
		return total + int64(max(n-1, 0))*int64(len(sep))
	},
	ast.ArrayConcat.Name: func(ops []*ast.Term) int64 {
		return int64(length(ops[0])+length(ops[1])) * 16
	},
	ast.NumbersRange.Name: func(ops []*ast.Term) int64 {
		return rangeLen(ops[0], ops[1], nil) * termBytes
	},
	ast.NumbersRangeStep.Name: func(ops []*ast.Term) int64 {
		return rangeLen(ops[0], ops[1], ops[2]) * termBytes
	},
	ast.Sprintf.Name: func(ops []*ast.Term) int64 {
		f, _ := ops[0].Value.(ast.String)
		total := int64(len(f))
		// Nearly every format has no width: no digit, no regexp (this
		// runs for every message of every finding).
		if !strings.ContainsAny(string(f), "0123456789") {
			return total
		}
		for _, m := range fmtWidth.FindAllStringSubmatch(string(f), -1) {
			for _, d := range m[1:] {
				// Go's fmt refuses a width or precision of eight
				// digits or more (%!(BADWIDTH)), so many verbs, not
				// one, make a bomb.
				if n, err := strconv.ParseInt(d, 10, 64); err == nil {
					total += min(n, 1e7)
				}
			}
		}
		return total
	},
	ast.Replace.Name: func(ops []*ast.Term) int64 {
		s, _ := ops[0].Value.(ast.String)
		old, _ := ops[1].Value.(ast.String)
		nw, _ := ops[2].Value.(ast.String)
		return replaced(string(s), string(old), len(nw))
	},
	ast.ReplaceN.Name: func(ops []*ast.Term) int64 {
		pats, _ := ops[0].Value.(ast.Object)
		s, _ := ops[1].Value.(ast.String)
		total := int64(len(s))
		if pats != nil {
			pats.Foreach(func(k, v *ast.Term) {
				old, _ := k.Value.(ast.String)
				nw, _ := v.Value.(ast.String)
				total += replaced(string(s), string(old), len(nw)) - int64(len(s))
			})
		}
		return total
	},
	ast.NetCIDRExpand.Name: func(ops []*ast.Term) int64 {
		s, _ := ops[0].Value.(ast.String)
		_, n, err := net.ParseCIDR(string(s))
		if err != nil {
			return 0
		}
		ones, bits := n.Mask.Size()
		if bits-ones >= 40 {
			return math.MaxInt64
		}
		// Each address is a string term in a set: about two terms' worth.
		return int64(1) << (bits - ones) * 2 * termBytes
	},
	ast.Split.Name: func(ops []*ast.Term) int64 {
		s, _ := ops[0].Value.(ast.String)
		d, _ := ops[1].Value.(ast.String)
		n := int64(utf8.RuneCountInString(string(s)))
		if d != "" {
			n = int64(strings.Count(string(s), string(d)))
		}
		return (n + 1) * termBytes
	},
}

// fmtWidth finds the width and precision of each verb of a format.
var fmtWidth = regexp.MustCompile(`%[-+# 0]*(\d*)(?:\.(\d*))?`)

// replaced is the length of s with every old replaced by n bytes.
func replaced(s, old string, n int) int64 {
	count := int64(utf8.RuneCountInString(s) + 1)
	if old != "" {
		count = int64(strings.Count(s, old))
	}
	return int64(len(s)) + count*int64(n-len(old))
}

func each(t *ast.Term, f func(*ast.Term)) {
	switch v := t.Value.(type) {
	case *ast.Array:
		v.Foreach(f)
	case ast.Set:
		v.Foreach(f)
	}
}

func length(t *ast.Term) int {
	switch v := t.Value.(type) {
	case *ast.Array:
		return v.Len()
	case ast.Set:
		return v.Len()
	}
	return 0
}

func rangeLen(a, b, step *ast.Term) int64 {
	x, _ := a.Value.(ast.Number).Float64()
	y, _ := b.Value.(ast.Number).Float64()
	n := math.Abs(y-x) + 1
	if step != nil {
		if s, ok := step.Value.(ast.Number).Float64(); ok && s > 0 {
			n = math.Abs(y-x)/s + 1
		}
	}
	if n > math.MaxInt64/termBytes || math.IsNaN(n) {
		return math.MaxInt64 / termBytes
	}
	return int64(n)
}

// guardBuiltins wraps each guarded builtin with its size check. A refusal
// is a topdown.Halt: unlike an ordinary builtin error, which a rule sees
// as undefined and runs on, it stops the evaluation at once.
func guardBuiltins() {
	opaReachablePaths = topdown.GetBuiltin(ast.ReachablePathsBuiltin.Name)
	topdown.RegisterBuiltinFunc(ast.ReachablePathsBuiltin.Name, reachablePaths)
	topdown.RegisterBuiltinFunc(ast.RenderTemplate.Name, renderTemplate)
	for name, size := range guarded {
		orig := topdown.GetBuiltin(name)
		if orig == nil {
			continue
		}
		arity := len(ast.BuiltinMap[name].Decl.FuncArgs().Args)
		topdown.RegisterBuiltinFunc(name, func(bctx topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
			budget := memoryBudget.Load()
			// The evaluator may pass the output term after the arguments.
			if budget > 0 && len(ops) >= arity && validOperands(name, ops[:arity]) {
				// Small results cannot matter; reading the heap is for the rest.
				if n := size(ops[:arity]); n > 1<<20 && (n > budget || n+heapNow()-evalBaseline.Load() > budget) {
					return topdown.Halt{Err: &MemoryError{Budget: budget, Where: where(bctx.Location), What: fmt.Sprintf("%s would build %s", name, bytesize.Format(n))}}
				}
			}
			return orig(bctx, ops, iter)
		})
	}
}

// opaReachablePaths is OPA's own graph.reachable_paths, which
// reachablePaths must agree with.
var opaReachablePaths topdown.BuiltinFunc

// validOperands leaves operands of the wrong type to the builtin itself,
// which reports them as it always has.
func validOperands(name string, ops []*ast.Term) bool {
	for _, t := range ops {
		if t == nil {
			return false
		}
	}
	switch name {
	case ast.NumbersRange.Name, ast.NumbersRangeStep.Name:
		for _, t := range ops {
			if _, ok := t.Value.(ast.Number); !ok {
				return false
			}
		}
	}
	return len(ops) > 0
}

func heapNow() int64 {
	h, _ := heapBytes()
	return h
}

func liveHeap() int64 {
	_, l := heapBytes()
	return l
}

// evalBaseline is the live heap when the current evaluation began: the
// repository and its policy input, which the budget does not count.
var evalBaseline atomic.Int64

// evalDeadline is the deadline of the evaluation under way, in Unix
// nanoseconds, for the guarded builtins that loop long in one call.
var evalDeadline atomic.Int64

func where(loc *ast.Location) string {
	if loc == nil {
		return "a rule"
	}
	return fmt.Sprintf("%s:%d", loc.File, loc.Row)
}
