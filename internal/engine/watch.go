package engine

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/qmslint/qmslint/internal/bytesize"
)

// watchInterval is how often the heap is sampled during evaluation: a
// rule that grows the heap step by step (a comprehension building large
// strings) allocates at most a few hundred MB in that time.
const watchInterval = 10 * time.Millisecond

// watchHeap samples the heap while the parts of a query run and cancels
// the evaluation, with a MemoryError as the cause, when the live heap
// nears the budget. OPA checks cancellation between evaluation steps, so
// this stops growth over many steps; a single huge step is refused by the
// guarded builtins (budget.go). The returned function stops the watcher.
//
// The heap's objects count garbage not yet collected too: at GOGC=400 a
// 10,000-document lint carries more than 1 GiB of it, but lives in 500
// MB. So when the objects pass the budget the watcher collects once and
// judges the live heap that remains. Setting Go's memory limit to the
// budget would bound the garbage as well, but made the collector run so
// often on that lint that it cost 0.6 s of 2.
func watchHeap(ctx context.Context, cancel context.CancelCauseFunc, judged func() bool, blame func() string) func() {
	budget := memoryBudget.Load()
	if budget <= 0 {
		return func() {}
	}
	baseline := evalBaseline.Load()
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(watchInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				objects, live := heapBytes()
				if objects-baseline > budget && judged() {
					runtime.GC()
					_, live = heapBytes()
				}
				// As a runaway nears the budget, collections come ever
				// closer and the heap creeps up slowly: a live heap
				// within an eighth of the budget is already one.
				if live-baseline > budget-budget/8 && judged() {
					cancel(&MemoryError{Budget: budget, Where: blame(), What: "the live heap reached " + bytesize.Format(live)})
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}

// watch starts the heap watch of an evaluation: the budget bounds what
// policy packs add to the heap, not the heap qmslint's own rules need for
// a large repository (a 40,000-document QMS is honest work, and must not
// stop at a budget meant for a hostile rule). Without a pack part there
// is nothing to watch; with one, the watch judges the heap only while a
// pack part runs, and counts it from the live heap before evaluation.
func (q *Query) watch(ctx context.Context, cancel context.CancelCauseFunc, busy []atomic.Bool) func() {
	evalBaseline.Store(liveHeap())
	if !slices.ContainsFunc(q.parts, func(p part) bool { return p.pack }) {
		return func() {}
	}
	packBusy := func() bool {
		for i := range busy {
			if busy[i].Load() && q.parts[i].pack {
				return true
			}
		}
		return false
	}
	return watchHeap(ctx, cancel, packBusy, func() string { return q.running(busy) })
}

// running names the rules of the parts being evaluated now, a pack's
// before the built-in ones: qmslint's own rules are trusted and measured,
// so when a pack runs beside them the pack is the likely cause.
func (q *Query) running(busy []atomic.Bool) string {
	var custom, builtin []string
	for i := range busy {
		if !busy[i].Load() {
			continue
		}
		for _, r := range q.parts[i].rules {
			s := r.ID + " (" + r.File + ")"
			if r.Builtin {
				builtin = append(builtin, s)
			} else {
				custom = append(custom, s)
			}
		}
	}
	names := custom
	if len(names) == 0 {
		names = builtin
	}
	if len(names) == 0 {
		return "the rules"
	}
	if len(names) > 4 {
		names = append(names[:4], "...")
	}
	return "while evaluating " + strings.Join(names, ", ")
}
