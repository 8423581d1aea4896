// Package heapfloor paces the garbage collector of a short-lived process
// whose heap only grows: it lets the heap reach a floor before the
// collector runs again, and above the floor keeps the usual headroom of a
// percentage of the live heap. Go's pacer alone collects every time the
// heap grows by that percentage, from 4 MB up: a dozen collections, each
// marking everything live so far, before a run that keeps its model and
// its policy input to the end is done.
package heapfloor

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// maxPercent bounds the setting while the live heap is tiny.
const maxPercent = 10_000

// Start sets the collector to run when the heap reaches floor bytes or
// percent more than the live heap, whichever is larger, and keeps it so
// after every collection.
func Start(floor uint64, percent int) {
	debug.SetGCPercent(setting(floor, percent, read()))
	rearm(floor, percent)
}

// setting is the GOGC that puts the next collection at floor, or at
// percent above the live heap when that is higher.
//
// Go's pacer sets the goal at live + (live + roots) × GOGC/100, and never
// below a minimum heap of 4 MiB × GOGC/100: the roots (stacks and
// globals) count as much as a small live heap, and the minimum bounds
// GOGC where the live heap is tiny. Left out, they put the first
// collection half again above the floor (docs/performance.md).
func setting(floor uint64, percent int, h heap) int {
	if h.live >= floor {
		return percent
	}
	want := uint64(maxPercent)
	if h.live > 0 {
		want = (floor - h.live) * 100 / (h.live + h.roots)
	}
	want = min(want, floor*100/minHeap, maxPercent)
	return max(percent, int(want))
}

// minHeap is the pacer's minimum heap at GOGC=100.
const minHeap = 4 << 20

// sentinel is collected, and its finalizer run, once per collection.
type sentinel struct{ _ *int }

func rearm(floor uint64, percent int) {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		debug.SetGCPercent(setting(floor, percent, read()))
		rearm(floor, percent)
	})
}

// heap is what the pacer's goal is computed from: the heap marked live by
// the last collection, and the roots it scanned besides.
type heap struct{ live, roots uint64 }

func read() heap {
	samples := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/scan/stack:bytes"},
		{Name: "/gc/scan/globals:bytes"},
	}
	metrics.Read(samples)
	var v [3]uint64
	for i, s := range samples {
		if s.Value.Kind() == metrics.KindUint64 {
			v[i] = s.Value.Uint64()
		}
	}
	return heap{live: v[0], roots: v[1] + v[2]}
}
