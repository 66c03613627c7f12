package merge

import (
	"testing"
	"time"
)

// TestRuleThresholds: a store's own thresholds, the defaults for zero, and
// fingerprints off for a negative distance.
func TestRuleThresholds(t *testing.T) {
	const fp = 0x0123456789abcdef
	tests := []struct {
		name      string
		r         Rule
		gap       time.Duration
		a, b      uint64
		title, fp bool
	}{
		{"zero rule is the default", Rule{}, -TitleWindow, fp, fp ^ 0b111, true, true},
		{"zero rule, just outside", Rule{}, TitleWindow + time.Nanosecond, fp, fp ^ 0b1111, false, MaxDistance >= 4},
		{"narrow window", Rule{TitleWindow: time.Hour, MaxDistance: 1}, 2 * time.Hour, fp, fp ^ 0b11, false, false},
		{"within narrow window", Rule{TitleWindow: time.Hour, MaxDistance: 1}, -time.Hour, fp, fp ^ 0b1, true, true},
		{"fingerprints off", Rule{MaxDistance: -1}, 0, fp, fp, true, false},
		{"zero fingerprint", Rule{MaxDistance: 64}, 0, 0, 0, true, false},
	}
	for _, tt := range tests {
		if got := tt.r.SameTitle(tt.gap); got != tt.title {
			t.Errorf("%s: SameTitle(%v) = %v", tt.name, tt.gap, got)
		}
		if got := tt.r.SameText(tt.a, tt.b); got != tt.fp {
			t.Errorf("%s: SameText(%x, %x) = %v", tt.name, tt.a, tt.b, got)
		}
	}
}

func TestJoins(t *testing.T) {
	tests := []struct {
		source, storySource string
		storySources        []string
		want                bool
	}{
		{"b", "a", []string{"a"}, true},
		{"a", "a", []string{"a"}, false},
		{"b", "a", []string{"a", "b"}, false}, // b carried it already: its new item is another one
		{"c", "a", nil, true},                 // a story stored before sources were listed
		{"a", "a", nil, false},
	}
	for _, tt := range tests {
		if got := Joins(tt.source, tt.storySource, tt.storySources); got != tt.want {
			t.Errorf("Joins(%q, %q, %q) = %v, want %v", tt.source, tt.storySource, tt.storySources, got, tt.want)
		}
	}
}
