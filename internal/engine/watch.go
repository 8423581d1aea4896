package engine

import (
	"context"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/qmslint/qmslint/internal/bytesize"
)

// watchInterval is how often the heap is sampled during evaluation: a
// rule that grows the heap step by step (a comprehension building large
// strings) allocates at most a few hundred MB in that time.
const watchInterval = 10 * time.Millisecond

// watchHeap samples the heap while the parts of a query run and cancels
// the evaluation, with a MemoryError as the cause, when it crosses the
// budget. OPA checks cancellation between evaluation steps, so this stops
// growth over many steps; a single huge step is refused by the guarded
// builtins (budget.go). The Go memory limit is set to the budget at the
// same time, so that garbage is collected before it counts against it.
// The returned function stops the watcher.
func watchHeap(ctx context.Context, cancel context.CancelCauseFunc, blame func() string) func() {
	budget := memoryBudget.Load()
	if budget <= 0 {
		return func() {}
	}
	setLimit(budget)
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
				// The live heap, as the last collection measured it: the
				// heap's objects also count garbage not yet collected
				// (with GOGC=400, several times the live heap after
				// loading a large repository). The memory limit makes the
				// collector run as the heap nears the budget, so the
				// measure is never stale there; and as the collector then
				// runs nearly all the time and the heap creeps up slowly,
				// a live heap within an eighth of the budget is already
				// a runaway.
				if _, live := heapBytes(); live > budget-budget/8 {
					cancel(&MemoryError{Budget: budget, Where: blame(), What: "the live heap reached " + bytesize.Format(live)})
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		restoreLimit()
	}
}

// The Go memory limit is process-wide and evaluations may overlap (lint
// --staged lints the index and HEAD at once): the first to start sets it,
// the last to end restores it.
var limit struct {
	sync.Mutex
	users int
	old   int64
}

func setLimit(budget int64) {
	limit.Lock()
	defer limit.Unlock()
	if limit.users == 0 {
		limit.old = debug.SetMemoryLimit(budget)
	} else {
		debug.SetMemoryLimit(budget)
	}
	limit.users++
}

func restoreLimit() {
	limit.Lock()
	defer limit.Unlock()
	limit.users--
	if limit.users == 0 {
		debug.SetMemoryLimit(limit.old)
	}
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
