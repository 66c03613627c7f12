package wire

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestMemoryLimit(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, memoryFloor},
		{40 << 20, memoryFloor},            // a daemon of 20,000 sources with its compact index
		{200 << 20, 300 << 20},             // a big index: half as much again, not the floor
		{memoryFloor * 2 / 3, memoryFloor}, // where the two meet
	} {
		if got := memoryLimit(tc.live); got != tc.want {
			t.Errorf("memoryLimit(%d MiB) = %d MiB, want %d MiB", tc.live>>20, got>>20, tc.want>>20)
		}
	}
}

// TestLimitMemory: the limit is set while it runs and the operator's
// GOMEMLIMIT is left alone.
func TestLimitMemory(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	t.Setenv("GOMEMLIMIT", "")
	stop := LimitMemory(t.Context())
	got := debug.SetMemoryLimit(-1)
	stop()
	if got < memoryFloor || got == math.MaxInt64 {
		t.Errorf("limit while running = %d, want at least %d", got, int64(memoryFloor))
	}

	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "200MiB")
	stop = LimitMemory(t.Context())
	got = debug.SetMemoryLimit(-1)
	stop()
	if got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, the limit became %d; the operator's must stay", got)
	}
}
