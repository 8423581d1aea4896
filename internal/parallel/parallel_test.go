package parallel

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestEachCallsEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 1000} {
		calls := make([]int, n)
		workers := Workers(n)
		Each(n, func(w, i int) {
			if w < 0 || w >= workers {
				t.Errorf("n=%d: worker %d of %d", n, w, workers)
			}
			calls[i]++ // each index belongs to one worker: no race
		})
		for i, c := range calls {
			if c != 1 {
				t.Fatalf("n=%d: index %d called %d times", n, i, c)
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

func TestEachRaisesPanicOnCaller(t *testing.T) {
	defer func() {
		if r := recover(); r != "bad item" {
			t.Errorf("recovered %v, want the worker's panic", r)
		}
	}()
	Each(1000, func(_, i int) {
		if i == 500 {
			panic("bad item")
		}
	})
	t.Error("Each returned normally after a worker panicked")
}

func TestHeavyCallsEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 10, 100} {
		var mu sync.Mutex
		calls := make([]int, n)
		workers := min(runtime.GOMAXPROCS(0), max(1, n))
		Heavy(n, func(w, i int) {
			if w < 0 || w >= workers {
				t.Errorf("n=%d: worker %d of %d", n, w, workers)
			}
			mu.Lock()
			calls[i]++
			mu.Unlock()
		})
		for i, c := range calls {
			if c != 1 {
				t.Fatalf("n=%d: index %d called %d times", n, i, c)
			}
		}
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

func TestHeavyRaisesPanicOnCaller(t *testing.T) {
	defer func() {
		if r := recover(); r != "bad item" {
			t.Errorf("recovered %v, want the worker's panic", r)
		}
	}()
	Heavy(3, func(_, i int) {
		if i == 1 {
			panic("bad item")
		}
	})
	t.Error("Heavy returned normally after a worker panicked")
}
