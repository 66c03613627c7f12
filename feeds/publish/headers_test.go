package publish

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestFeedResponseHeaders pins the exact header set of each kind of feed
// answer: writeEntry assigns the map directly, so a key typed in a form
// other than the canonical one would go unnoticed by Header().Get.
func TestFeedResponseHeaders(t *testing.T) {
	h := newTestHandler(newFake())
	for _, r := range feedRoutes {
		tag := get(t, h, r.path).Header().Get("ETag")
		gzTag := get(t, h, r.path, "Accept-Encoding", "gzip").Header().Get("ETag")
		common := []string{"Cache-Control", "Etag", "Last-Modified", "Vary"}
		body := append([]string{"Content-Length", "Content-Type", "X-Content-Type-Options"}, common...)
		tests := []struct {
			name   string
			method string
			hdr    []string
			code   int
			keys   []string
		}{
			{"plain", http.MethodGet, nil, 200, body},
			{"gzip", http.MethodGet, []string{"Accept-Encoding", "gzip"}, 200, append([]string{"Content-Encoding"}, body...)},
			{"head", http.MethodHead, nil, 200, body},
			{"304", http.MethodGet, []string{"If-None-Match", tag}, 304, common},
			{"304 gzip", http.MethodGet, []string{"If-None-Match", gzTag, "Accept-Encoding", "gzip"}, 304, common},
		}
		for _, tt := range tests {
			rec := do(t, h, tt.method, r.path, tt.hdr...)
			if rec.Code != tt.code {
				t.Fatalf("%s %s: status %d, want %d", r.path, tt.name, rec.Code, tt.code)
			}
			var keys []string
			for k, v := range rec.Header() {
				if k != http.CanonicalHeaderKey(k) {
					t.Errorf("%s %s: header key %q is not canonical", r.path, tt.name, k)
				}
				if len(v) != 1 || v[0] == "" {
					t.Errorf("%s %s: %s = %q, want one value", r.path, tt.name, k, v)
				}
				keys = append(keys, k)
			}
			slices.Sort(keys)
			want := slices.Sorted(slices.Values(tt.keys))
			if !slices.Equal(keys, want) {
				t.Errorf("%s %s: headers %v, want %v", r.path, tt.name, keys, want)
			}
			got := rec.Header()
			if got.Get("Vary") != "Accept-Encoding" || got.Get("Cache-Control") != cacheControl ||
				got.Get("Last-Modified") != "Wed, 24 Jul 2024 12:30:00 GMT" {
				t.Errorf("%s %s: Vary %q, Cache-Control %q, Last-Modified %q", r.path, tt.name,
					got.Get("Vary"), got.Get("Cache-Control"), got.Get("Last-Modified"))
			}
			if tt.code == 200 {
				if got.Get("Content-Type") != r.contentType || got.Get("X-Content-Type-Options") != "nosniff" {
					t.Errorf("%s %s: Content-Type %q, X-Content-Type-Options %q", r.path, tt.name,
						got.Get("Content-Type"), got.Get("X-Content-Type-Options"))
				}
			}
			if tt.code == 200 && tt.method == http.MethodGet {
				if cl := got.Get("Content-Length"); cl != strconv.Itoa(rec.Body.Len()) {
					t.Errorf("%s %s: Content-Length %s for %d bytes", r.path, tt.name, cl, rec.Body.Len())
				}
			}
		}
	}
}

// TestSharedHeaderValuesStayIntact: the header values of a cached body are
// shared by every response of it, so a handler or middleware that adds to
// a response's header after the feed handler ran must not change the next
// response.
func TestSharedHeaderValuesStayIntact(t *testing.T) {
	h := newTestHandler(newFake())
	first := get(t, h, "/feed.xml", "Accept-Encoding", "gzip")
	for _, k := range []string{"Vary", "Etag", "Content-Length", "Content-Encoding", "Cache-Control", "Content-Type", "Last-Modified", "X-Content-Type-Options"} {
		first.Header().Add(k, "added-later")
	}
	second := get(t, h, "/feed.xml", "Accept-Encoding", "gzip")
	for k, v := range second.Header() {
		if len(v) != 1 || v[0] == "added-later" {
			t.Errorf("%s = %q after an Add on an earlier response", k, v)
		}
	}
	if got, want := second.Header().Get("Etag"), first.Header().Values("Etag")[0]; got != want {
		t.Errorf("ETag %q, want %q", got, want)
	}
}

// TestIfModifiedSinceSubSecond: a store written at a fraction of a second
// still answers 304 to its own Last-Modified, and 200 to the second before.
func TestIfModifiedSinceSubSecond(t *testing.T) {
	f := newFake()
	f.modified = time.Date(2024, 7, 24, 12, 30, 0, 999_999_999, time.UTC)
	h := newTestHandler(f)
	lastMod := get(t, h, "/feed.json").Header().Get("Last-Modified")
	if lastMod != "Wed, 24 Jul 2024 12:30:00 GMT" {
		t.Fatalf("Last-Modified %q", lastMod)
	}
	tests := []struct {
		ims  string
		code int
	}{
		{lastMod, 304},
		{"Wednesday, 24-Jul-24 12:30:00 GMT", 304}, // RFC 850 form, parsed
		{"Wed, 24 Jul 2024 12:29:59 GMT", 200},
		{"", 200},
	}
	for _, tt := range tests {
		if rec := get(t, h, "/feed.json", "If-Modified-Since", tt.ims); rec.Code != tt.code {
			t.Errorf("If-Modified-Since %q: status %d, want %d", tt.ims, rec.Code, tt.code)
		}
	}
}

// TestCachedHitDoesNotAllocate: once a body is rendered, answering it
// (plain, gzip, HEAD or 304) allocates nothing in the handler: net/http's
// own work is the whole per-request cost.
func TestCachedHitDoesNotAllocate(t *testing.T) {
	h := newTestHandler(newFake())
	tag := get(t, h, "/feed.xml").Header().Get("ETag")
	tests := []struct {
		name, method string
		hdr          http.Header
	}{
		{"plain", http.MethodGet, http.Header{}},
		{"gzip", http.MethodGet, http.Header{"Accept-Encoding": {"gzip, deflate, br"}}},
		{"head", http.MethodHead, http.Header{}},
		{"304", http.MethodGet, http.Header{"If-None-Match": {tag}}},
		{"304 in a list", http.MethodGet, http.Header{"If-None-Match": {`"0000", W/` + tag}}},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, "http://127.0.0.1:8080/feed.xml", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header = tt.hdr
		w := &discardWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
		if n := testing.AllocsPerRun(100, func() {
			clear(w.h)
			h.ServeHTTP(w, req)
		}); n != 0 {
			t.Errorf("%s: %v allocations per cached answer, want 0", tt.name, n)
		}
	}
}

// TestEmptyQueryIsTheDefaultFeed: "/feed.xml?" is the same feed, and the
// same cache entry, as "/feed.xml".
func TestEmptyQueryIsTheDefaultFeed(t *testing.T) {
	f := newFake()
	h := newTestHandler(f)
	a := get(t, h, "/feed.xml")
	b := get(t, h, "/feed.xml?")
	if a.Header().Get("ETag") != b.Header().Get("ETag") || f.calls() != 1 {
		t.Errorf("ETags %q, %q after %d renders", a.Header().Get("ETag"), b.Header().Get("ETag"), f.calls())
	}
	if !strings.Contains(b.Body.String(), `href="http://127.0.0.1:8080/feed.xml"`) {
		t.Error("self link is not the default feed's")
	}
}
