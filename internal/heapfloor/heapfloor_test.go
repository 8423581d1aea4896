package heapfloor

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestSetting(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		heap heap
		want int
	}{
		{heap{0, 0}, 6400},              // before the first collection: 4 MiB × 64 = 256 MiB
		{heap{1, 0}, 6400},              // a tiny heap: bounded by the pacer's minimum heap, the same
		{heap{2 * mib, 2 * mib}, 6350},  // the roots count: 2 + 4 × 63.5 = 256 MiB
		{heap{64 * mib, 0}, 300},        // the next collection at the floor
		{heap{64 * mib, 4 * mib}, 282},  // 64 + 68 × 2.82 = 256 MiB
		{heap{128 * mib, 0}, 150},       // at the floor's 1/2.5: the usual headroom
		{heap{200 * mib, 4 * mib}, 150}, // above it: the usual headroom, not the floor
		{heap{300 * mib, 4 * mib}, 150}, // past the floor
	} {
		if got := setting(256*mib, 150, c.heap); got != c.want {
			t.Errorf("live %d MiB, roots %d MiB: GOGC %d, want %d", c.heap.live/mib, c.heap.roots/mib, got, c.want)
		}
	}
}

// The goal the runtime sets is the floor, not the floor plus what the
// roots add to it.
func TestGoalIsTheFloor(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	const floor = 256 << 20
	Start(floor, 150)
	goal := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	for range 3 {
		runtime.GC()
		time.Sleep(5 * time.Millisecond) // the finalizer sets it
	}
	metrics.Read(goal)
	if got := goal[0].Value.Uint64(); got < floor*95/100 || got > floor*105/100 {
		t.Errorf("heap goal %d MiB, want %d MiB", got>>20, floor>>20)
	}
}

// After each collection the setting follows the live heap.
func TestStartFollowsTheLiveHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	const floor = 64 << 20
	Start(floor, 150)
	gogc := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	await := func(what string, want func(int) bool) {
		t.Helper()
		for range 200 {
			runtime.GC()
			if want(gogc()) {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Errorf("%s: GOGC %d", what, gogc())
	}
	await("a small heap", func(p int) bool { return p > 300 })
	keep := make([][]byte, 0, 128)
	for range 128 {
		keep = append(keep, make([]byte, 1<<20))
	}
	await("a heap of 128 MiB, twice the floor", func(p int) bool { return p == 150 })
	runtime.KeepAlive(keep)
}
