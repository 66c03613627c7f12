package fetch

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestFetchErrorHidesPassword(t *testing.T) {
	_, err := NewClient(Options{}).Fetch(context.Background(), Request{Source: "s", URL: "ftp://user:s3cret@example.org/feed.xml"})
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "ftp://user:xxxxx@example.org/feed.xml") {
		t.Errorf("err = %v, want the URL with its password redacted", err)
	}
}

// TestConditionalGETRoundTrip stores the validators of one response and
// sends them back, against net/http's own conditional-request logic.
func TestConditionalGETRoundTrip(t *testing.T) {
	seed := readTestdata(t, "seed-feed.xml")
	mod := time.Date(2024, 7, 24, 2, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		etag string
	}{
		{"etag", `"seed-v1"`},
		{"last-modified only", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var bodies atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.etag != "" {
					w.Header().Set("ETag", tc.etag)
				}
				rec := &countingWriter{ResponseWriter: w, n: &bodies}
				http.ServeContent(rec, r, "feed.xml", mod, bytes.NewReader(seed))
			}))
			defer srv.Close()
			c := NewClient(Options{})
			req := Request{Source: "s", URL: srv.URL}
			first, err := c.Fetch(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if first.NotModified || first.ETag != tc.etag || first.LastModified != mod.Format(http.TimeFormat) {
				t.Fatalf("first fetch: %+v", first)
			}
			req.ETag, req.LastModified = first.ETag, first.LastModified
			second, err := c.Fetch(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if !second.NotModified || second.StatusCode != http.StatusNotModified {
				t.Errorf("second fetch not a 304: %+v", second)
			}
			if second.ETag != first.ETag || second.LastModified != first.LastModified {
				t.Errorf("validators changed: %q %q", second.ETag, second.LastModified)
			}
			if n := bodies.Load(); n != 1 {
				t.Errorf("server sent %d bodies, want 1", n)
			}
		})
	}
}

type countingWriter struct {
	http.ResponseWriter
	n     *atomic.Int32
	wrote bool
}

func (w *countingWriter) Write(b []byte) (int, error) {
	if !w.wrote && len(b) > 0 {
		w.wrote = true
		w.n.Add(1)
	}
	return w.ResponseWriter.Write(b)
}

func TestFetchHeaders(t *testing.T) {
	headers := make(chan http.Header, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		headers <- r.Header.Clone()
		_, _ = w.Write([]byte("<rss/>"))
	}))
	defer srv.Close()

	for _, tc := range []struct {
		name   string
		opts   Options
		req    Request
		wantUA string
	}{
		{"default", Options{}, Request{}, DefaultUserAgent},
		{"options", Options{UserAgent: "edufeed/1.2"}, Request{}, "edufeed/1.2"},
		{"request wins", Options{UserAgent: "edufeed/1.2"}, Request{UserAgent: "Mozilla/5.0 (compatible)"}, "Mozilla/5.0 (compatible)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.URL = srv.URL
			if _, err := NewClient(tc.opts).Fetch(context.Background(), tc.req); err != nil {
				t.Fatal(err)
			}
			h := <-headers
			if got := h.Get("User-Agent"); got != tc.wantUA {
				t.Errorf("User-Agent = %q, want %q", got, tc.wantUA)
			}
			if got := h.Get("Accept"); !strings.HasPrefix(got, "application/rss+xml") {
				t.Errorf("Accept = %q, want feed types first", got)
			}
			if got := h.Get("Accept-Encoding"); got != "gzip" {
				t.Errorf("Accept-Encoding = %q, want the transport's gzip", got)
			}
			if h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
				t.Errorf("conditional headers sent without validators: %v", h)
			}
		})
	}
}

// TestFetchReusesConnections checks that one Client keeps one transport.
func TestFetchReusesConnections(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(serve([]byte("<rss/>")))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := NewClient(Options{})
	for range 3 {
		if _, err := c.Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
			t.Fatal(err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections for 3 sequential fetches, want 1", n)
	}
}

// TestFetchCancel uses a handler that blocks until the request is gone, so
// only the timeout or the caller's cancel can end the fetch.
func TestFetchCancel(t *testing.T) {
	started := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-r.Context().Done()
	}))
	defer srv.Close()

	t.Run("request timeout", func(t *testing.T) {
		_, err := NewClient(Options{}).Fetch(context.Background(), Request{Source: "s", URL: srv.URL, Timeout: 50 * time.Millisecond})
		<-started
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out after 50ms") {
			t.Errorf("err = %v, want our timeout", err)
		}
	})
	t.Run("options timeout", func(t *testing.T) {
		_, err := NewClient(Options{Timeout: 50 * time.Millisecond}).Fetch(context.Background(), Request{Source: "s", URL: srv.URL})
		<-started
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want deadline exceeded", err)
		}
	})
	t.Run("caller cancels", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			<-started
			cancel()
		}()
		_, err := NewClient(Options{}).Fetch(ctx, Request{Source: "s", URL: srv.URL})
		if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "timed out") {
			t.Errorf("err = %v, want context canceled", err)
		}
	})
}
