package memlimit

import (
	"context"
	"log/slog"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
)

const mib = 1 << 20

func TestLimit(t *testing.T) {
	tests := []struct {
		name string
		live uint64
		want int64
	}{
		{"empty heap: the floor", 0, 96 * mib},
		{"small daemon: the floor", 20 * mib, 96 * mib},
		{"20,000 sources, most of a cycle", 40 * mib, 96 * mib},
		{"where the floor ends", 64 * mib, 96 * mib},
		{"just over it, rounded up to a MiB", 64*mib + 1, 97 * mib},
		{"20,000 sources, the top of a cycle", 70 * mib, 104 * mib},
		{"a million stories", 90 * mib, 129 * mib},
		{"huge", math.MaxUint64, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Default.Limit(tt.live)
			if got != tt.want {
				t.Errorf("Limit(%d) = %d (%.1f MiB), want %d (%.1f MiB)", tt.live, got, float64(got)/mib, tt.want, float64(tt.want)/mib)
			}
			// The collector must always have room over the live heap.
			if tt.live < math.MaxUint64/4 && uint64(got) < tt.live+uint64(Default.Margin) {
				t.Errorf("Limit(%d) = %d leaves less than the margin over the live heap", tt.live, got)
			}
		})
	}
}

func TestChoose(t *testing.T) {
	tests := []struct {
		name    string
		env     string
		setting Setting
		want    Plan
	}{
		{"default follows", "", Setting{Auto: true}, Plan{Mode: Follow, Why: "memory_limit: auto"}},
		{"config off", "", Setting{}, Plan{Mode: Leave, Why: "memory_limit: off"}},
		{"config fixed", "", Setting{Bytes: 200 * mib}, Plan{Mode: Fixed, Bytes: 200 * mib, Why: "memory_limit"}},
		{"environment wins over auto", "88MiB", Setting{Auto: true}, Plan{Mode: Leave, Why: "GOMEMLIMIT=88MiB in the environment"}},
		{"environment wins over fixed", "1GiB", Setting{Bytes: 200 * mib}, Plan{Mode: Leave, Why: "GOMEMLIMIT=1GiB in the environment"}},
		{"environment off wins", "off", Setting{Auto: true}, Plan{Mode: Leave, Why: "GOMEMLIMIT=off in the environment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Choose(tt.env, tt.setting); got != tt.want {
				t.Errorf("Choose(%q, %+v) = %+v, want %+v", tt.env, tt.setting, got, tt.want)
			}
		})
	}
}

// TestFollow feeds follow live heaps one collection at a time and checks
// the limits it sets: the floor at once, then a new limit only when the
// live heap moves it.
func TestFollow(t *testing.T) {
	lives := []uint64{10 * mib, 20 * mib, 70 * mib, 70*mib + 1000, 90 * mib, 30 * mib}
	want := []int64{96 * mib, 104 * mib, 129 * mib, 96 * mib}

	gc := make(chan struct{})
	next := make(chan uint64, 1)
	next <- lives[0]
	var set []int64
	done := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		defer close(done)
		Default.follow(ctx, gc, func() uint64 { return <-next }, func(l int64) int64 {
			set = append(set, l)
			return 0
		})
	}()
	for _, l := range lives[1:] {
		next <- l
		gc <- struct{}{}
	}
	// follow has read the last live heap once the channel is empty and
	// gc was taken; one more delivery with a live heap that changes nothing
	// makes sure the last limit was set before the check.
	next <- lives[len(lives)-1]
	gc <- struct{}{}
	cancel()
	<-done
	if !slices.Equal(set, want) {
		t.Errorf("limits set %v, want %v", mibs(set), mibs(want))
	}
}

func mibs(ls []int64) []float64 {
	out := make([]float64, len(ls))
	for i, l := range ls {
		out[i] = float64(l) / mib
	}
	return out
}

// TestHookFiresEachCollection checks that the hook wakes its reader after
// each collection and stops re-arming once stopped.
func TestHookFiresEachCollection(t *testing.T) {
	gc := make(chan struct{}, 1)
	h := &hook{gc: gc}
	h.arm()
	for range 3 {
		runtime.GC()
		<-gc // the cleanup runs after the collection that found the sentinel dead
	}
	h.stopped.Store(true)
	runtime.GC()
	runtime.GC()
	select {
	case <-gc:
		// the cleanup of the sentinel armed before stopping may still
		// deliver once; it must not arm another
	default:
	}
	runtime.GC()
	runtime.GC()
	select {
	case <-gc:
		t.Error("the hook fired again after it was stopped")
	default:
	}
}

// limitAtLog is a slog handler that notes the runtime's memory limit when
// each record is logged: what Run had set by then.
type limitAtLog struct{ limits *[]int64 }

func (h limitAtLog) Enabled(context.Context, slog.Level) bool { return true }
func (h limitAtLog) Handle(context.Context, slog.Record) error {
	*h.limits = append(*h.limits, debug.SetMemoryLimit(-1))
	return nil
}
func (h limitAtLog) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h limitAtLog) WithGroup(string) slog.Handler      { return h }

// TestRun checks the limit each plan sets while Run runs (seen from its
// log), and that Run puts back the limit it found when its context ends.
func TestRun(t *testing.T) {
	orig := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(orig)
	const before = 1 << 40
	tests := []struct {
		name string
		plan Plan
		want []int64 // the limit at each log record
	}{
		{"fixed", Plan{Mode: Fixed, Bytes: 300 * mib}, []int64{300 * mib}},
		// The info record comes before the first limit, the debug record
		// after it: the floor, since a test's live heap is small.
		{"follow", Plan{Mode: Follow}, []int64{before, 96 * mib}},
		{"leave", Plan{Mode: Leave}, []int64{before}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetMemoryLimit(before)
			var got []int64
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // Run sets its limit, then finds ctx done
			Run(ctx, slog.New(limitAtLog{&got}), tt.plan, Default)
			if !slices.Equal(got, tt.want) {
				t.Errorf("limits while running %v, want %v", got, tt.want)
			}
			if after := debug.SetMemoryLimit(-1); after != before {
				t.Errorf("limit after Run %d, want %d put back", after, int64(before))
			}
		})
	}
}
