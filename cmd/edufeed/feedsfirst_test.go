package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFeedsFirstSameAnswers: the merged feeds skip the mux (feedsFirst). A
// 304 and a 200 through that path, for each feed and encoding and for both
// kinds of conditional request, carry exactly the headers the mux's route
// gives (ETag, Last-Modified, Cache-Control, Vary among them), and the
// requests still count under their own route in the metrics; every other
// path still reaches the mux.
func TestFeedsFirstSameAnswers(t *testing.T) {
	local, err := filepath.Abs("testdata/merge/school-a.xml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "", fmt.Sprintf("  - {name: school, url: %q}\n", "file://"+filepath.ToSlash(local)))
	d, base := startDaemon(t, path)
	waitHealthy(t, base, 1)
	first, ok := d.handler().(feedsFirst)
	if !ok {
		t.Fatalf("the daemon's handler is %T, not feedsFirst", d.handler())
	}

	do := func(h http.Handler, target string, hdr ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	same := func(name string, fast, viaMux *httptest.ResponseRecorder, wantCode int) {
		t.Helper()
		if fast.Code != wantCode || viaMux.Code != wantCode {
			t.Errorf("%s: status %d first, %d through the mux; want %d", name, fast.Code, viaMux.Code, wantCode)
		}
		for _, k := range []string{"Etag", "Last-Modified", "Cache-Control", "Vary"} {
			if fast.Header().Get(k) == "" {
				t.Errorf("%s: no %s", name, k)
			}
		}
		if f, m := fmt.Sprint(fast.Header()), fmt.Sprint(viaMux.Header()); f != m {
			t.Errorf("%s: headers differ\nfirst: %s\nmux:   %s", name, f, m)
		}
		if fast.Body.String() != viaMux.Body.String() {
			t.Errorf("%s: bodies differ", name)
		}
	}
	// The poll's items land after its attempt shows: wait for the feeds
	// to settle before comparing answers.
	for _, route := range feedRoutes {
		for prev := ""; ; time.Sleep(20 * time.Millisecond) {
			_, etag := get(t, base+route, "")
			if etag == prev {
				break
			}
			prev = etag
		}
	}
	for _, route := range feedRoutes {
		for _, enc := range []string{"", "gzip"} {
			name := route + " " + enc
			full := do(first, route, "Accept-Encoding", enc)
			same(name+" 200", full, do(first.mux, route, "Accept-Encoding", enc), http.StatusOK)
			etag, modified := full.Header().Get("ETag"), full.Header().Get("Last-Modified")
			same(name+" If-None-Match", do(first, route, "Accept-Encoding", enc, "If-None-Match", etag),
				do(first.mux, route, "Accept-Encoding", enc, "If-None-Match", etag), http.StatusNotModified)
			same(name+" If-Modified-Since", do(first, route, "Accept-Encoding", enc, "If-Modified-Since", modified),
				do(first.mux, route, "Accept-Encoding", enc, "If-Modified-Since", modified), http.StatusNotModified)
		}
	}
	// Paths that are not exactly a merged feed's go to the mux: its
	// redirect of an unclean path, the status page, a channel's feed.
	if rec, viaMux := do(first, "/x/../feed.xml"), do(first.mux, "/x/../feed.xml"); rec.Code/100 != 3 || rec.Code != viaMux.Code {
		t.Errorf("/x/../feed.xml: %d, want the mux's redirect %d", rec.Code, viaMux.Code)
	}
	if rec := do(first, "/healthz"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "school") {
		t.Errorf("/healthz: %d %q", rec.Code, rec.Body.String())
	}

	// Each feed's 304s above (two per encoding, first and through the mux)
	// counted under its route; one more over the daemon's server does too.
	_, etag := get(t, base+"/feed.atom", "")
	if code := status(t, base+"/feed.atom", etag); code != http.StatusNotModified {
		t.Fatalf("conditional GET /feed.atom: %d, want 304", code)
	}
	metrics, _ := get(t, base+"/metrics", "")
	for route, n := range map[string]int{"/feed.xml": 8, "/feed.atom": 9, "/feed.json": 8} {
		if want := fmt.Sprintf("edufeed_http_requests_total{code=\"304\",route=%q} %d\n", route, n); !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
