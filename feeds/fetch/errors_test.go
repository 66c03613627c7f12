package fetch

import (
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 7, 24, 2, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"120", 2 * time.Minute},
		{" 0 ", 0},
		{"-5", 0},
		{"99999999999999999999", 0}, // does not fit: ignored
		{"9223372036854775807", time.Duration(1<<63-1) / time.Second * time.Second},
		{"Wed, 24 Jul 2024 02:05:00 GMT", 5 * time.Minute},
		{"Wednesday, 24-Jul-24 03:00:00 GMT", time.Hour},
		{"Wed, 24 Jul 2024 01:00:00 GMT", 0}, // in the past
		{"soon", 0},
		{"", 0},
	} {
		if got := parseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
