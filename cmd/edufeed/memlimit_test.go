package main

import (
	"slices"
	"testing"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/internal/memlimit"
)

// TestMemoryPlan checks that the daemon passes its config's memory_limit
// to memlimit, and that GOMEMLIMIT in the environment wins.
func TestMemoryPlan(t *testing.T) {
	tests := []struct {
		name  string
		env   string
		limit config.MemoryLimit
		want  memlimit.Mode
	}{
		{"auto", "", config.MemoryLimit{Auto: true}, memlimit.Follow},
		{"off", "", config.MemoryLimit{}, memlimit.Leave},
		{"fixed", "", config.MemoryLimit{Bytes: 256 << 20}, memlimit.Fixed},
		{"environment wins", "100MiB", config.MemoryLimit{Auto: true}, memlimit.Leave},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", tt.env)
			d := &daemon{}
			d.setConfig(&config.Config{MemoryLimit: tt.limit}, nil)
			got := d.memoryPlan()
			if got.Mode != tt.want {
				t.Errorf("memoryPlan() = %+v, want mode %v", got, tt.want)
			}
			if got.Mode == memlimit.Fixed && got.Bytes != tt.limit.Bytes {
				t.Errorf("memoryPlan() = %+v, want %d bytes", got, tt.limit.Bytes)
			}
		})
	}
}

// TestMemoryLimitNeedsRestart: the limit is chosen once, at start-up.
func TestMemoryLimitNeedsRestart(t *testing.T) {
	old := &config.Config{MemoryLimit: config.MemoryLimit{Auto: true}}
	cur := &config.Config{MemoryLimit: config.MemoryLimit{Bytes: 256 << 20}}
	if got := restartNeeded(old, cur); !slices.Equal(got, []string{"memory_limit"}) {
		t.Errorf("restartNeeded = %v, want [memory_limit]", got)
	}
	if got := restartNeeded(old, old); len(got) != 0 {
		t.Errorf("restartNeeded of the same config = %v, want none", got)
	}
}
