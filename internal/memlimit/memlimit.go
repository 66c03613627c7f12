// Package memlimit keeps the Go runtime's soft memory limit
// (runtime/debug.SetMemoryLimit) of a long-running process a little above
// its live heap, and never under a floor.
//
// Left to GOGC alone, the runtime lets the heap grow to twice what it kept
// live after the last collection before it collects again: for `edufeed
// serve` polling 20,000 sources, a live heap of 35–60 MB peaked at 149–155
// MiB of RSS. A fixed limit holds that down, but a fixed limit is wrong for
// some store: below the live heap of a million-story store (~90 MB with
// its merge-key index) the collector would run nearly all the time. A limit
// chosen from the live heap after each collection gives the collector room
// in proportion to what it must mark, as GOGC does, but less of it; the
// floor leaves a small daemon to GOGC and keeps the collector from running
// more often than GOGC would while the live heap is well under it.
package memlimit

import (
	"context"
	"log/slog"
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// Policy chooses a limit from a live heap.
type Policy struct {
	// Floor is the least limit; below about Floor/Factor of live heap the
	// runtime's own goal (GOGC) stays the tighter one.
	Floor int64
	// Factor and Margin make the limit live×Factor + Margin: the heap may
	// grow by live×(Factor−1) + Margin, less the runtime's other memory
	// (stacks, GC metadata, free pages not yet returned: ~20 MB at 20,000
	// sources), before the collector runs. The margin keeps that room from
	// shrinking to nothing.
	Factor float64
	Margin int64
}

// Default is the daemon's policy. At 20,000 sources (live heap 35–60 MB
// through a full cycle) it is the floor, 96 MiB, most of the time: serve's
// peak RSS 147–155 → 118 MiB for 0–1 % more CPU (505 → 580 collections).
// The floor is what makes it cheap: 1.5 × live + 16 MiB with a 64 MiB
// floor also peaked at 117–118 MiB but collected 790 times, since the limit
// then sat close over the live heap all through the cycle, not only near
// its top. At a million stored stories (~90 MB live with the merge-key
// index) it is about 130 MiB.
var Default = Policy{Floor: 96 << 20, Factor: 1.25, Margin: 16 << 20}

// Limit is the limit for a live heap of live bytes, rounded up to a MiB so
// that small moves of the live heap do not reset it.
func (p Policy) Limit(live uint64) int64 {
	f := float64(live)*p.Factor + float64(p.Margin)
	if f >= math.MaxInt64/2 {
		return math.MaxInt64
	}
	limit := max(p.Floor, int64(f))
	const mib = 1 << 20
	return (limit + mib - 1) / mib * mib
}

// Mode is what a process does about its memory limit.
type Mode int

// Modes.
const (
	// Leave sets nothing: the runtime's default, or the environment's
	// GOMEMLIMIT, stands.
	Leave Mode = iota
	// Fixed sets one limit, once.
	Fixed
	// Follow keeps the limit at Policy.Limit of the live heap.
	Follow
)

// Plan is what Choose decided.
type Plan struct {
	Mode Mode
	// Bytes is the limit of Fixed.
	Bytes int64
	// Why says where the decision came from, for the log.
	Why string
}

// Setting is what a config asks for: Auto to follow the live heap, else a
// fixed limit of Bytes, 0 for none.
type Setting struct {
	Auto  bool
	Bytes int64
}

// Choose decides from the environment's GOMEMLIMIT (env; empty when unset,
// as the runtime reads it, which has already applied it) and the config's
// setting. The environment wins: it is the operator's choice for this one
// process, and GOMEMLIMIT=off turns the limit off whatever the config says.
func Choose(env string, s Setting) Plan {
	switch {
	case env != "":
		return Plan{Mode: Leave, Why: "GOMEMLIMIT=" + env + " in the environment"}
	case s.Auto:
		return Plan{Mode: Follow, Why: "memory_limit: auto"}
	case s.Bytes > 0:
		return Plan{Mode: Fixed, Bytes: s.Bytes, Why: "memory_limit"}
	}
	return Plan{Mode: Leave, Why: "memory_limit: off"}
}

// Run carries out plan until ctx ends, then puts back the limit it found:
// the limit belongs to the running daemon, and a process that goes on
// without it (a test, a restart in the same process) must not keep a limit
// that no longer follows its heap. Fixed sets its limit once; Follow sets
// one by p after every collection.
func Run(ctx context.Context, log *slog.Logger, plan Plan, p Policy) {
	switch plan.Mode {
	case Fixed:
		prev := debug.SetMemoryLimit(plan.Bytes)
		defer debug.SetMemoryLimit(prev)
		log.Info("memory limit", "limit_bytes", plan.Bytes, "from", plan.Why)
		<-ctx.Done()
	case Follow:
		prev := debug.SetMemoryLimit(-1)
		defer debug.SetMemoryLimit(prev)
		log.Info("memory limit follows the live heap", "floor_bytes", p.Floor, "factor", p.Factor, "margin_bytes", p.Margin, "from", plan.Why)
		gc := make(chan struct{}, 1)
		h := &hook{gc: gc}
		h.arm()
		defer h.stopped.Store(true)
		p.follow(ctx, gc, liveHeap, func(limit int64) int64 {
			prev := debug.SetMemoryLimit(limit)
			log.Debug("memory limit", "limit_bytes", limit)
			return prev
		})
	default:
		log.Info("memory limit left to the runtime", "from", plan.Why)
	}
}

// follow sets the limit by live() each time gc delivers, until ctx ends.
// It sets a first limit at once, before the next collection.
func (p Policy) follow(ctx context.Context, gc <-chan struct{}, live func() uint64, set func(int64) int64) {
	last := p.Limit(live())
	set(last)
	for {
		select {
		case <-ctx.Done():
			return
		case <-gc:
		}
		if l := p.Limit(live()); l != last {
			set(l)
			last = l
		}
	}
}

// liveSample is the runtime's count of the heap marked live by the last
// collection.
const liveSample = "/gc/heap/live:bytes"

// liveHeap reads liveSample.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: liveSample}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0 // not in this runtime: the floor then stands
	}
	return s[0].Value.Uint64()
}

// hook tells gc of every collection: a sentinel object's cleanup runs once
// the collector has found it unreachable, and arms the next sentinel. The
// runtime's cleanup goroutine runs it; stopped ends the chain.
type hook struct {
	gc      chan<- struct{}
	stopped atomic.Bool
}

// sentinel holds a pointer so that the tiny allocator, which may keep a
// small pointer-free object alive with its neighbours, never takes it.
type sentinel struct{ _ *int }

func (h *hook) arm() {
	runtime.AddCleanup(new(sentinel), (*hook).fired, h)
}

func (h *hook) fired() {
	if h.stopped.Load() {
		return
	}
	select {
	case h.gc <- struct{}{}:
	default: // one wake-up pending is enough: follow reads the newest figure
	}
	h.arm()
}
