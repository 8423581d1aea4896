package parallel

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestEveryIndexOnce(t *testing.T) {
	for _, tc := range []struct {
		name    string
		each    func(int, func(w, i int))
		workers func(n int) int
	}{
		{"Each", Each, Workers},
		{"Heavy", Heavy, func(n int) int { return min(runtime.GOMAXPROCS(0), max(1, n)) }},
	} {
		for _, n := range []int{0, 1, 2, 3, 63, 64, 1000} {
			calls := make([]int, n)
			workers := tc.workers(n)
			tc.each(n, func(w, i int) {
				if w < 0 || w >= workers {
					t.Errorf("%s, n=%d: worker %d of %d", tc.name, n, w, workers)
				}
				calls[i]++ // each index belongs to one worker: no race
			})
			for i, c := range calls {
				if c != 1 {
					t.Fatalf("%s, n=%d: index %d called %d times", tc.name, n, i, c)
				}
			}
		}
	}
}

func TestWorkers(t *testing.T) {
	if got := Workers(0); got != 1 {
		t.Errorf("Workers(0) = %d, want 1", got)
	}
	if got := Workers(10); got != 1 {
		t.Errorf("Workers(10) = %d, want 1: a short list stays on one goroutine", got)
	}
	if got, want := Workers(1_000_000), runtime.GOMAXPROCS(0); got != want {
		t.Errorf("Workers(1e6) = %d, want GOMAXPROCS %d", got, want)
	}
}

func TestPanicRaisedOnCaller(t *testing.T) {
	for name, each := range map[string]func(int, func(w, i int)){"Each": Each, "Heavy": Heavy} {
		func() {
			defer func() {
				if r := recover(); r != "bad item" {
					t.Errorf("%s: recovered %v, want the worker's panic", name, r)
				}
			}()
			each(1000, func(_, i int) {
				if i == 500 {
					panic("bad item")
				}
			})
			t.Errorf("%s returned normally after a worker panicked", name)
		}()
	}
}

// Two heavy items run at once when there are two cores: each waits for
// the other to start, which one goroutine would never see.
func TestHeavyRunsFewItemsAtOnce(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one core")
	}
	var started sync.WaitGroup
	started.Add(2)
	met := make(chan bool, 2)
	Heavy(2, func(_, i int) {
		started.Done()
		done := make(chan struct{})
		go func() { started.Wait(); close(done) }()
		select {
		case <-done:
			met <- true
		case <-time.After(10 * time.Second):
			met <- false
		}
	})
	if !<-met || !<-met {
		t.Error("Heavy ran two items one after the other")
	}
}
