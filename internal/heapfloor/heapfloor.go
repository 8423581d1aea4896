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
	debug.SetGCPercent(setting(floor, percent, live()))
	rearm(floor, percent)
}

// setting is the GOGC that puts the next collection at floor, or at
// percent above live when that is higher.
func setting(floor uint64, percent int, live uint64) int {
	if live == 0 {
		// Before the first collection Go's pacer starts from a heap of
		// 4 MiB: the first one comes at 4 MiB times GOGC/100.
		live = 4 << 20
	}
	want := int(min(floor*100/live, maxPercent)) - 100
	return max(percent, want)
}

// sentinel is collected, and its finalizer run, once per collection.
type sentinel struct{ _ *int }

func rearm(floor uint64, percent int) {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		debug.SetGCPercent(setting(floor, percent, live()))
		rearm(floor, percent)
	})
}

// live is the heap marked live by the last collection.
func live() uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return sample[0].Value.Uint64()
}
