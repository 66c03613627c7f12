package poll

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/edufeed/edufeed/feeds"
)

// Poll runs the whole pipeline once for src, enabled or not, and records the
// outcome in the source's state. It returns at once with ErrAlreadyRunning
// when another poll of src is running. A panic in any stage is recovered and
// becomes the poll's error.
//
// Poll is the operator's explicit request (edufeed poll, POST /admin/poll),
// so it ignores the backoff and cache hints that hold scheduled polls back;
// its outcome still sets or clears them as a scheduled poll's would.
func (s *Scheduler) Poll(ctx context.Context, src feeds.Source) Result {
	return s.pollUnlessRunning(ctx, src, nil)
}

// pollUnlessRunning polls src under its lock, or fails with
// ErrAlreadyRunning when another poll holds it.
func (s *Scheduler) pollUnlessRunning(ctx context.Context, src feeds.Source, quit <-chan struct{}) Result {
	mu := s.locks.get(src.Name)
	if !mu.TryLock() {
		return Result{Source: src.Name, Err: fmt.Errorf("source %q: %w", src.Name, ErrAlreadyRunning)}
	}
	defer mu.Unlock()
	return s.poll(ctx, src, quit)
}

// PollAll polls every enabled source once, as many at a time as the fetch
// limits allow, and returns their results in the order of srcs (disabled
// sources have none).
//
// A few workers take the sources in turn, host by host (one source of each
// host, then the next of each), rather than a goroutine per source: with
// thousands of sources, that many goroutines would only wait for a slot,
// each with a stack of its own, and the turn order keeps the workers from
// all queueing for one busy host while others are idle.
func (s *Scheduler) PollAll(ctx context.Context, srcs []feeds.Source) []Result {
	// Indices into srcs rather than a copy: a Source is some hundred bytes,
	// and tens of thousands of them are held until the cycle ends.
	var enabled []int
	for i := range srcs {
		if srcs[i].Enabled {
			enabled = append(enabled, i)
		}
	}
	results := make([]Result, len(enabled))
	order := byHostInTurn(srcs, enabled)
	workers := min(len(enabled), s.workers())
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				n := int(next.Add(1) - 1)
				if n >= len(order) {
					return
				}
				i := order[n]
				results[i] = s.Poll(ctx, srcs[enabled[i]])
			}
		})
	}
	wg.Wait()
	return results
}

// byHostInTurn returns the positions in which of the sources srcs[which[i]]
// ordered by turns: the first source of every host (hosts in order of first
// appearance), then the second of every host, and so on.
func byHostInTurn(srcs []feeds.Source, which []int) []int {
	var hosts [][]int
	index := map[string]int{}
	for i, j := range which {
		h := hostKey(srcs[j].URL)
		k, ok := index[h]
		if !ok {
			k = len(hosts)
			index[h] = k
			hosts = append(hosts, nil)
		}
		hosts[k] = append(hosts[k], i)
	}
	order := make([]int, 0, len(which))
	for turn := 0; len(order) < len(which); turn++ {
		for _, h := range hosts {
			if turn < len(h) {
				order = append(order, h[turn])
			}
		}
	}
	return order
}
