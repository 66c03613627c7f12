package fetch

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	date := time.Date(2024, 7, 24, 2, 0, 0, 0, time.UTC)
	forever := time.Duration(1<<63-1) / time.Second * time.Second
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"120", 2 * time.Minute},
		{" 0 ", 0},
		{"-5", 0},
		{"+5", 0},
		{"1.5", 0},
		{"99999999999999999999", forever}, // overflows: capped, not wrapped into the past
		{"9223372036854775807", forever},
		{"Wed, 24 Jul 2024 02:05:00 GMT", 5 * time.Minute},
		{"Wednesday, 24-Jul-24 03:00:00 GMT", time.Hour},
		{"Wed Jul 24 02:00:30 2024", 30 * time.Second},
		{"Wed, 24 Jul 2024 01:00:00 GMT", 0}, // in the past
		{"soon", 0},
		{"", 0},
	} {
		if got := parseRetryAfter(tc.in, date); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestServerNow(t *testing.T) {
	now := time.Date(2024, 7, 24, 2, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		date string
		want time.Time
	}{
		{"", now},
		{"yesterday", now},
		{"Wed, 24 Jul 2024 01:00:00 GMT", now.Add(-time.Hour)},
	} {
		h := http.Header{}
		if tc.date != "" {
			h.Set("Date", tc.date)
		}
		if got := serverNow(h, now); !got.Equal(tc.want) {
			t.Errorf("Date %q: serverNow = %v, want %v", tc.date, got, tc.want)
		}
	}
}

func TestCacheHints(t *testing.T) {
	now := time.Date(2024, 7, 24, 2, 0, 0, 0, time.UTC)
	forever := time.Duration(1<<63-1) / time.Second * time.Second
	tests := []struct {
		name        string
		headers     []string // name, value pairs; a name may repeat
		wantMaxAge  time.Duration
		wantExpires time.Time
	}{
		{name: "nothing"},
		{name: "max-age", headers: []string{"Cache-Control", "public, max-age=3600"}, wantMaxAge: time.Hour},
		{name: "case and spaces", headers: []string{"Cache-Control", " Public ,MAX-AGE = 600 "}, wantMaxAge: 10 * time.Minute},
		{name: "quoted value", headers: []string{"Cache-Control", `max-age="60"`}, wantMaxAge: time.Minute},
		{name: "s-maxage wins", headers: []string{"Cache-Control", "max-age=60, s-maxage=7200"}, wantMaxAge: 2 * time.Hour},
		{name: "s-maxage wins whatever the order", headers: []string{"Cache-Control", "s-maxage=7200", "Cache-Control", "max-age=60"}, wantMaxAge: 2 * time.Hour},
		{name: "first of two max-age", headers: []string{"Cache-Control", "max-age=60, max-age=120"}, wantMaxAge: time.Minute},
		{name: "no-cache ignored", headers: []string{"Cache-Control", "no-cache, no-store, must-revalidate, max-age=900"}, wantMaxAge: 15 * time.Minute},
		{name: "no-cache alone gives nothing", headers: []string{"Cache-Control", "no-cache"}},
		{name: "Age spent", headers: []string{"Cache-Control", "max-age=600", "Age", "100"}, wantMaxAge: 500 * time.Second},
		{name: "Age past max-age", headers: []string{"Cache-Control", "max-age=600", "Age", "900"}},
		{name: "garbled Age ignored", headers: []string{"Cache-Control", "max-age=600", "Age", "old"}, wantMaxAge: 10 * time.Minute},
		{name: "huge max-age capped", headers: []string{"Cache-Control", "max-age=99999999999999999999"}, wantMaxAge: forever},
		{name: "negative max-age ignored", headers: []string{"Cache-Control", "max-age=-1"}},
		{name: "max-age without value ignored", headers: []string{"Cache-Control", "max-age"}},
		{name: "max-age=0 beats Expires", headers: []string{"Cache-Control", "max-age=0", "Expires", "Wed, 24 Jul 2024 03:00:00 GMT"}},
		{name: "bad max-age falls back to Expires",
			headers:     []string{"Cache-Control", "max-age=soon", "Expires", "Wed, 24 Jul 2024 03:00:00 GMT"},
			wantExpires: now.Add(time.Hour)},
		{name: "Expires without Date", headers: []string{"Expires", "Wed, 24 Jul 2024 03:00:00 GMT"}, wantExpires: now.Add(time.Hour)},
		{name: "Expires against a slow server clock",
			// The server thinks it is 01:00 and wants an hour: 03:00 by ours.
			headers:     []string{"Date", "Wed, 24 Jul 2024 01:00:00 GMT", "Expires", "Wed, 24 Jul 2024 02:00:00 GMT"},
			wantExpires: now.Add(time.Hour)},
		{name: "Expires equal to Date", headers: []string{"Date", "Wed, 24 Jul 2024 02:00:00 GMT", "Expires", "Wed, 24 Jul 2024 02:00:00 GMT"}},
		{name: "Expires in the past", headers: []string{"Expires", "Wed, 24 Jul 2024 01:00:00 GMT"}},
		{name: "Expires 0", headers: []string{"Expires", "0"}},
		{name: "Expires -1", headers: []string{"Expires", "-1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for i := 0; i+1 < len(tc.headers); i += 2 {
				h.Add(tc.headers[i], tc.headers[i+1])
			}
			maxAge, expires := cacheHints(h, now)
			if maxAge != tc.wantMaxAge || !expires.Equal(tc.wantExpires) {
				t.Errorf("cacheHints = %v, %v; want %v, %v", maxAge, expires, tc.wantMaxAge, tc.wantExpires)
			}
		})
	}
}
