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
	return s.pollUnlessRunning(ctx, src, nil, nil)
}

// pollUnlessRunning polls src under its lock, or fails with
// ErrAlreadyRunning when another poll holds it.
func (s *Scheduler) pollUnlessRunning(ctx context.Context, src feeds.Source, quit <-chan struct{}, read *feeds.SourceState) Result {
	mu := s.locks.get(src.Name)
	if !mu.TryLock() {
		return Result{Source: src.Name, Err: fmt.Errorf("source %q: %w", src.Name, ErrAlreadyRunning)}
	}
	defer mu.Unlock()
	return s.poll(ctx, src, quit, read)
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
//
// A store that reads many states at once (StatesOf) gives the polls their
// states a block of them at a time, in the order they are polled: a
// database then answers one query per block instead of one per poll, and a
// state is read shortly before its poll, as a poll would read it itself.
// It is read before the poll takes the source's lock, so PollAll is for a
// process that is the source's only poller meanwhile (edufeed poll): a
// scheduled poll that saved in between would have its state overwritten.
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
	states := s.newStateBlocks(len(order), func(n int) string { return srcs[enabled[order[n]]].Name })
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
				results[i] = s.pollUnlessRunning(ctx, srcs[enabled[i]], nil, states.get(n))
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

// statesReader is a store that reads many sources' states at once;
// store.Backend has it.
type statesReader interface {
	StatesOf(names []string) ([]feeds.SourceState, error)
}

// stateBlockSize is how many states PollAll reads at once: one query per
// block, and a state read at most a block's polls before its own poll.
const stateBlockSize = 128

// stateBlocks reads the states of a cycle's polls (numbered 0 to n-1 in the
// order they run) a block at a time, when the first poll of a block asks.
type stateBlocks struct {
	s      *Scheduler
	n      int
	nameOf func(n int) string
	blocks []stateBlock
}

type stateBlock struct {
	once   sync.Once
	states []feeds.SourceState // nil when the read failed
}

// newStateBlocks returns the blocks of n polls, or nil when the store reads
// states only one at a time.
func (s *Scheduler) newStateBlocks(n int, nameOf func(n int) string) *stateBlocks {
	if _, ok := s.store.(statesReader); !ok || n < 2 {
		return nil
	}
	return &stateBlocks{s: s, n: n, nameOf: nameOf, blocks: make([]stateBlock, (n+stateBlockSize-1)/stateBlockSize)}
}

// get returns poll n's state, or nil when its block could not be read: the
// poll then reads its state itself, and its own error is reported with it.
func (b *stateBlocks) get(n int) *feeds.SourceState {
	if b == nil {
		return nil
	}
	blk := &b.blocks[n/stateBlockSize]
	first := n / stateBlockSize * stateBlockSize
	blk.once.Do(func() {
		names := make([]string, 0, stateBlockSize)
		for k := first; k < min(first+stateBlockSize, b.n); k++ {
			names = append(names, b.nameOf(k))
		}
		states, err := b.s.store.(statesReader).StatesOf(names)
		if err == nil && len(states) != len(names) {
			err = fmt.Errorf("%d states for %d sources", len(states), len(names))
		}
		if err != nil {
			b.s.log.Warn("read a block of source states; each poll reads its own", "sources", len(names), "error", err)
			return
		}
		blk.states = states
	})
	if blk.states == nil {
		return nil
	}
	st := blk.states[n-first]
	return &st
}
