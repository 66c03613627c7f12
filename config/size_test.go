package config

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"720h", 720 * time.Hour, true},
		{"90s", 90 * time.Second, true},
		{"1h30m", 90 * time.Minute, true},
		{"30d", 30 * 24 * time.Hour, true},
		{"1d12h", 36 * time.Hour, true},
		{"1.5d", 36 * time.Hour, true},
		{" 7d ", 7 * 24 * time.Hour, true},
		{"-2d", -48 * time.Hour, true}, // parsed; validation refuses it
		{"0d", 0, true},
		{"", 0, false},
		{"30", 0, false},
		{"d", 0, false},
		{"1dd", 0, false},
		{"1d-1h", 0, false},
		{"inf" + "d", 0, false},
		{"1e3d", 0, false},
		{"soon", 0, false},
		{"3 days", 0, false},
		{"999999999d", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1048576", 1 << 20, true},
		{"512KiB", 512 << 10, true},
		{"10MiB", 10 << 20, true},
		{"1GiB", 1 << 30, true},
		{"1.5MiB", 3 << 19, true},
		{"10 MiB", 10 << 20, true},
		{"10mib", 10 << 20, true},
		{"10MB", 10_000_000, true},
		{"2kb", 2000, true},
		{"100B", 100, true},
		{"", 0, false},
		{"MiB", 0, false},
		{"-1MiB", 0, false},
		{"10XB", 0, false},
		{"1.2.3KiB", 0, false},
		{"99999999999GiB", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseSize(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestSizesAndDurationsInConfig(t *testing.T) {
	cfg := parseOK(t, "c.yaml", "store: {retention: 90d}\ndefaults: {max_body: 1048576, timeout: 2m}\n")
	if cfg.Store.Retention != 90*24*time.Hour || cfg.Defaults.MaxBody != 1<<20 || cfg.Defaults.Timeout != 2*time.Minute {
		t.Errorf("got retention %v, max_body %d, timeout %v", cfg.Store.Retention, cfg.Defaults.MaxBody, cfg.Defaults.Timeout)
	}
	cfg = parseOK(t, "c.yaml", "defaults: {max_body: 2GiB}\n")
	if cfg.Defaults.MaxBody != 2<<30 {
		t.Errorf("max_body 2GiB = %d", cfg.Defaults.MaxBody)
	}
}
