// Package parallel runs independent calls over an index range on every
// core, for the pipeline stages whose items do not depend on each other
// (schema validation, policy input conversion).
package parallel

import (
	"runtime"
	"sync"
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
	panics := make([]any, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[w] = recover() }()
			for i := w; i < n; i += workers {
				f(w, i)
			}
		}()
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
}
