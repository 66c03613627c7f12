package wire

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// Go lets the heap grow to twice what is live before it collects (GOGC=100).
// A poll cycle allocates fast, so a daemon holding 40 MB peaked near
// 100 MiB of heap. LimitMemory gives the runtime a soft memory limit that
// keeps it closer: never below memoryFloor, so a small daemon collects no
// more often than it would without one, and never below half as much again
// as the live heap, so that a large store (a big merge-key index) does not
// make the collector run without end to stay under a limit it cannot meet.
const (
	memoryFloor = 80 << 20
	// The limit leaves at least live/memoryHeadroomDiv above the live heap:
	// once it binds, the collector runs about twice as often as with
	// GOGC=100, and never more.
	memoryHeadroomDiv = 2
	// memoryCheck is how often the limit follows the live heap.
	memoryCheck = time.Second
)

// LimitMemory sets the soft memory limit (see memoryFloor) and keeps it
// following the live heap until ctx ends or stop is called; stop waits for
// the goroutine to end. An operator's GOMEMLIMIT wins: then it does nothing.
func LimitMemory(ctx context.Context) (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		var live uint64
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live = sample[0].Value.Uint64()
		}
		debug.SetMemoryLimit(memoryLimit(live))
	}
	set()
	wg.Go(func() {
		tick := time.NewTicker(memoryCheck)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				set()
			}
		}
	})
	return func() {
		cancel()
		wg.Wait()
	}
}

// memoryLimit is the soft limit for a live heap of live bytes.
func memoryLimit(live uint64) int64 {
	return int64(max(memoryFloor, live+live/memoryHeadroomDiv))
}
