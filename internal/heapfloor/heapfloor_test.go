package heapfloor

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestSetting(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 6300},             // before the first collection: 4 MiB × 64 = 256 MiB
		{1, maxPercent - 100}, // a tiny heap: bounded
		{64 * mib, 300},       // the next collection at the floor
		{128 * mib, 150},      // at the floor's 1/2.5: the usual headroom
		{200 * mib, 150},      // above it: the usual headroom, not the floor
	} {
		if got := setting(256*mib, 150, c.live); got != c.want {
			t.Errorf("live %d MiB: GOGC %d, want %d", c.live/mib, got, c.want)
		}
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
