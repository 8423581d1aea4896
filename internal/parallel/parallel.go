// Package parallel runs independent calls over an index range on every
// core, for the pipeline stages whose items do not depend on each other:
// many small ones (schema validation, policy input conversion) or a few
// large ones (Heavy).
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// minPerWorker keeps short lists on one goroutine, where starting workers
// would cost more than it saves.
const minPerWorker = 64

// Workers is the number of goroutines Each uses for n items, at least 1.
func Workers(n int) int {
	return min(runtime.GOMAXPROCS(0), max(1, n/minPerWorker))
}

// Each calls f(w, i) for every i in 0..n-1, where w < Workers(n) names the
// goroutine making the call, so callers can keep per-worker state without
// locks. A panic in f is raised again on the caller's goroutine once all
// workers stop, where the caller's recover can turn it into an error.
func Each(n int, f func(w, i int)) {
	workers := Workers(n)
	run(workers, func(w int) {
		for i := w; i < n; i += workers {
			f(w, i)
		}
	})
}

// Heavy is Each for items each worth a goroutine of its own: the two
// sides of a comparison, a group of rules' results over thousands of
// files, a policy module to parse. Each keeps a list shorter than
// minPerWorker on one goroutine; Heavy puts every core to work on as few
// as two items, each worker taking the next item when done with one,
// since such items differ in size. w < min(GOMAXPROCS, n) names the
// goroutine, as in Each.
func Heavy(n int, f func(w, i int)) {
	var next atomic.Int64
	run(min(runtime.GOMAXPROCS(0), max(1, n)), func(w int) {
		for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
			f(w, i)
		}
	})
}

// run calls work(w) on workers goroutines and waits for them, raising a
// panic of one on the caller.
func run(workers int, work func(w int)) {
	panics := make([]any, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[w] = recover() }()
			work(w)
		}()
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
}
