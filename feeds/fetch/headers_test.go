package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
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

// TestFetchCacheHints checks that Response carries the hints of 200 and
// 304 responses alike, and none for file: URLs.
func TestFetchCacheHints(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/max-age":
			w.Header().Set("Cache-Control", "public, max-age=1800")
			w.Header().Set("Age", "600")
			w.Header().Set("Expires", "Wed, 24 Jul 2030 02:00:00 GMT") // max-age wins
		case "/expires":
			w.Header().Set("Date", "Wed, 24 Jul 2024 02:00:00 GMT")
			w.Header().Set("Expires", "Wed, 24 Jul 2024 04:00:00 GMT")
		}
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = w.Write([]byte("<rss/>"))
	}))
	defer srv.Close()
	c := NewClient(Options{})
	for _, etag := range []string{"", `"v1"`} {
		for _, tc := range []struct {
			path   string
			maxAge time.Duration
			// expiresIn is how far ahead of the fetch Expires should be.
			expiresIn time.Duration
		}{
			{"/none", 0, 0},
			{"/max-age", 20 * time.Minute, 0},
			{"/expires", 0, 2 * time.Hour},
		} {
			before := time.Now()
			resp, err := c.Fetch(context.Background(), Request{URL: srv.URL + tc.path, ETag: etag})
			after := time.Now()
			if err != nil {
				t.Fatal(err)
			}
			if resp.NotModified != (etag != "") {
				t.Fatalf("%s etag %q: NotModified = %v", tc.path, etag, resp.NotModified)
			}
			if resp.MaxAge != tc.maxAge {
				t.Errorf("%s etag %q: MaxAge = %v, want %v", tc.path, etag, resp.MaxAge, tc.maxAge)
			}
			switch {
			case tc.expiresIn == 0 && !resp.Expires.IsZero():
				t.Errorf("%s etag %q: Expires = %v, want none", tc.path, etag, resp.Expires)
			case tc.expiresIn != 0 && (resp.Expires.Before(before.Add(tc.expiresIn)) || resp.Expires.After(after.Add(tc.expiresIn))):
				t.Errorf("%s etag %q: Expires = %v, want %v after the fetch", tc.path, etag, resp.Expires, tc.expiresIn)
			}
		}
	}
}

// FuzzCacheHints: whatever the headers say, the hints never ask for a
// negative wait or an Expires in the past, and nothing panics.
func FuzzCacheHints(f *testing.F) {
	for _, seed := range [][4]string{
		{"max-age=60", "", "", ""},
		{"s-maxage=99999999999999999999, max-age=1", "10", "", ""},
		{`max-age="5"`, "x", "Wed, 24 Jul 2024 03:00:00 GMT", "Wed, 24 Jul 2024 02:00:00 GMT"},
		{"", "", "Wed, 24 Jul 2024 03:00:00 GMT", "garbage"},
		{"max-age=-1,,=", "-5", "0", ""},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	now := time.Date(2024, 7, 24, 2, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, cacheControl, age, expires, date string) {
		h := http.Header{}
		h.Set("Cache-Control", cacheControl)
		h.Set("Age", age)
		h.Set("Expires", expires)
		h.Set("Date", date)
		maxAge, exp := cacheHints(h, now)
		if maxAge < 0 {
			t.Errorf("MaxAge %v < 0", maxAge)
		}
		if !exp.IsZero() && (!exp.After(now) || maxAge != 0) {
			t.Errorf("Expires %v with MaxAge %v", exp, maxAge)
		}
		if d := parseRetryAfter(expires, serverNow(h, now)); d < 0 {
			t.Errorf("RetryAfter %v < 0", d)
		}
	})
}
