package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// serve returns a handler that writes body with the given headers.
func serve(body []byte, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		_, _ = w.Write(body)
	}
}

func TestFetch(t *testing.T) {
	seed := readTestdata(t, "seed-feed.xml")
	gbk := readTestdata(t, "seed-feed-gbk.xml")
	// GBK without its prolog: only the header tells the charset.
	gbkNoProlog := gbk[bytes.IndexByte(gbk, '\n')+1:]
	seedNoProlog := seed[bytes.IndexByte(seed, '\n')+1:]
	zeros := gzipBytes(t, make([]byte, 11<<20))
	const lastMod = "Wed, 24 Jul 2024 02:00:00 GMT"

	mux := http.NewServeMux()
	mux.HandleFunc("/feed", serve(seed, "Content-Type", "application/rss+xml; charset=utf-8",
		"ETag", `"v1"`, "Last-Modified", lastMod))
	mux.HandleFunc("/etag", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified) // validators omitted, as some servers do
			return
		}
		w.Header().Set("ETag", `"v1"`)
		_, _ = w.Write(seed)
	})
	mux.HandleFunc("/lastmod", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-Modified-Since") == lastMod {
			w.Header().Set("Last-Modified", lastMod)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", lastMod)
		_, _ = w.Write(seed)
	})
	mux.HandleFunc("/gzip", serve(gzipBytes(t, seed), "Content-Encoding", "gzip", "Content-Type", "text/xml"))
	mux.HandleFunc("/gz-file", serve(gzipBytes(t, seed), "Content-Type", "application/gzip"))
	mux.HandleFunc("/bomb", serve(zeros, "Content-Encoding", "gzip"))
	mux.HandleFunc("/bomb-file", serve(zeros, "Content-Type", "application/x-gzip"))
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		// Promise far more than the limit, send a little, then stall: a
		// client that read instead of checking Content-Length would hang
		// until its timeout instead of failing with ErrTooLarge.
		w.Header().Set("Content-Length", strconv.Itoa(50<<20))
		_, _ = w.Write([]byte("<rss>"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/exact", serve(bytes.Repeat([]byte("a"), 4096)))
	mux.HandleFunc("/over", serve(bytes.Repeat([]byte("a"), 4097)))
	for i := 1; i <= 3; i++ {
		next := "/feed"
		if i > 1 {
			next = "/r" + strconv.Itoa(i-1)
		}
		mux.Handle("/r"+strconv.Itoa(i), http.RedirectHandler(next, http.StatusFound))
	}
	mux.Handle("/loop", http.RedirectHandler("/loop", http.StatusMovedPermanently))
	mux.Handle("/to-file", http.RedirectHandler("file:///etc/passwd", http.StatusFound))
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/429", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	mux.HandleFunc("/gbk-header", serve(gbkNoProlog, "Content-Type", "text/xml; charset=gbk"))
	mux.HandleFunc("/gbk-sniff", serve(gbkNoProlog, "Content-Type", "text/xml"))
	mux.HandleFunc("/control", serve([]byte("<rss>a\u0008b\u000Bc\u001Ed\uFFFF</rss>")))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		name string
		opts Options
		req  Request
		// want checks a successful response; wantErr an error.
		want    func(t *testing.T, r *Response)
		wantErr func(t *testing.T, err error)
	}{
		{
			name: "200 with validators",
			req:  Request{URL: "/feed"},
			want: func(t *testing.T, r *Response) {
				checkBody(t, r, seed)
				if r.StatusCode != 200 || r.ETag != `"v1"` || r.LastModified != lastMod || r.NotModified {
					t.Errorf("status %d etag %q last-modified %q not-modified %v", r.StatusCode, r.ETag, r.LastModified, r.NotModified)
				}
				if r.ContentType != "application/rss+xml; charset=utf-8" || r.Charset != "utf-8" {
					t.Errorf("content type %q charset %q", r.ContentType, r.Charset)
				}
				if r.FinalURL != srv.URL+"/feed" {
					t.Errorf("FinalURL = %q", r.FinalURL)
				}
			},
		},
		{
			name: "If-None-Match answered with 304",
			req:  Request{URL: "/etag", ETag: `"v1"`, LastModified: lastMod},
			want: func(t *testing.T, r *Response) {
				if !r.NotModified || r.StatusCode != 304 || r.Body != nil {
					t.Errorf("not-modified %v status %d body %d bytes", r.NotModified, r.StatusCode, len(r.Body))
				}
				if r.ETag != `"v1"` || r.LastModified != lastMod {
					t.Errorf("validators not carried over: etag %q last-modified %q", r.ETag, r.LastModified)
				}
			},
		},
		{
			name: "stale ETag gets the body",
			req:  Request{URL: "/etag", ETag: `"v0"`},
			want: func(t *testing.T, r *Response) {
				checkBody(t, r, seed)
				if r.NotModified || r.ETag != `"v1"` {
					t.Errorf("not-modified %v etag %q", r.NotModified, r.ETag)
				}
			},
		},
		{
			name: "If-Modified-Since answered with 304",
			req:  Request{URL: "/lastmod", LastModified: lastMod},
			want: func(t *testing.T, r *Response) {
				if !r.NotModified || r.LastModified != lastMod {
					t.Errorf("not-modified %v last-modified %q", r.NotModified, r.LastModified)
				}
			},
		},
		{
			name: "gzip content-encoding decoded",
			req:  Request{URL: "/gzip"},
			want: func(t *testing.T, r *Response) { checkBody(t, r, seed) },
		},
		{
			name: "gzip file served as application/gzip decoded",
			req:  Request{URL: "/gz-file"},
			want: func(t *testing.T, r *Response) { checkBody(t, r, seed) },
		},
		{
			name:    "gzip bomb over the limit after decompression",
			opts:    Options{MaxBody: 1 << 20},
			req:     Request{URL: "/bomb"},
			wantErr: wantIs(ErrTooLarge),
		},
		{
			name:    "gzip file bomb over the limit after decompression",
			opts:    Options{MaxBody: 1 << 20},
			req:     Request{URL: "/bomb-file"},
			wantErr: wantIs(ErrTooLarge),
		},
		{
			name:    "Content-Length over the limit rejected before reading",
			opts:    Options{MaxBody: 1 << 20},
			req:     Request{URL: "/huge"},
			wantErr: wantIs(ErrTooLarge),
		},
		{
			name: "body exactly at the limit",
			opts: Options{MaxBody: 4096},
			req:  Request{URL: "/exact"},
			want: func(t *testing.T, r *Response) {
				if len(r.Body) != 4096 {
					t.Errorf("body %d bytes, want 4096", len(r.Body))
				}
			},
		},
		{
			name:    "body one byte over the limit",
			opts:    Options{MaxBody: 4096},
			req:     Request{URL: "/over"},
			wantErr: wantIs(ErrTooLarge),
		},
		{
			name: "redirect chain of 3",
			req:  Request{URL: "/r3"},
			want: func(t *testing.T, r *Response) {
				checkBody(t, r, seed)
				if r.FinalURL != srv.URL+"/feed" {
					t.Errorf("FinalURL = %q, want %q", r.FinalURL, srv.URL+"/feed")
				}
			},
		},
		{
			name:    "redirect chain longer than MaxRedirects",
			opts:    Options{MaxRedirects: 2},
			req:     Request{URL: "/r3"},
			wantErr: all(wantIs(ErrTooManyRedirects), wantText("stopped after 2 redirects")),
		},
		{
			name:    "redirect loop",
			req:     Request{URL: "/loop"},
			wantErr: all(wantIs(ErrTooManyRedirects), wantText("stopped after 10 redirects")),
		},
		{
			name:    "redirect to a file URL refused",
			req:     Request{URL: "/to-file"},
			wantErr: wantText("only http and https are followed"),
		},
		{
			name: "500",
			req:  Request{URL: "/500"},
			wantErr: func(t *testing.T, err error) {
				var se *StatusError
				if !errors.As(err, &se) || se.Code != 500 || se.Status != "500 Internal Server Error" || se.RetryAfter != 0 {
					t.Errorf("got %#v, want a *StatusError for 500", err)
				}
			},
		},
		{
			name: "429 with Retry-After seconds",
			req:  Request{URL: "/429"},
			wantErr: func(t *testing.T, err error) {
				var se *StatusError
				if !errors.As(err, &se) || se.Code != 429 || se.RetryAfter != 2*time.Minute {
					t.Errorf("got %#v, want a *StatusError for 429 with RetryAfter 2m", err)
				}
			},
		},
		{
			name: "GBK without prolog, charset in Content-Type",
			req:  Request{URL: "/gbk-header"},
			want: func(t *testing.T, r *Response) {
				checkBody(t, r, seedNoProlog)
				if r.Charset != "gbk" {
					t.Errorf("charset %q, want gbk", r.Charset)
				}
			},
		},
		{
			name: "GBK without prolog or header charset, sniffed",
			req:  Request{URL: "/gbk-sniff"},
			want: func(t *testing.T, r *Response) {
				checkBody(t, r, seedNoProlog)
				if r.Charset != "gb18030" {
					t.Errorf("charset %q, want gb18030", r.Charset)
				}
			},
		},
		{
			name: "control characters stripped",
			req:  Request{URL: "/control"},
			want: func(t *testing.T, r *Response) { checkBody(t, r, []byte("<rss>abcd</rss>")) },
		},
		{
			name:    "unsupported scheme",
			req:     Request{URL: "ftp://example.org/feed.xml"},
			wantErr: wantText(`unsupported URL scheme "ftp"`),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req
			req.Source = "test-source"
			if strings.HasPrefix(req.URL, "/") {
				req.URL = srv.URL + req.URL
			}
			resp, err := NewClient(tc.opts).Fetch(context.Background(), req)
			if tc.wantErr != nil {
				if err == nil {
					t.Fatalf("no error, got response %+v", resp)
				}
				prefix := `source "test-source": fetch ` + req.URL + ": "
				if !strings.HasPrefix(err.Error(), prefix) {
					t.Errorf("error %q does not start with %q", err, prefix)
				}
				tc.wantErr(t, err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.want(t, resp)
		})
	}
}

func checkBody(t *testing.T, r *Response, want []byte) {
	t.Helper()
	if !bytes.Equal(r.Body, want) {
		t.Errorf("body (%d bytes) differs from want (%d bytes):\n%s", len(r.Body), len(want), firstDiff(r.Body, want))
	}
}

func wantIs(target error) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, target) {
			t.Errorf("error %q is not %q", err, target)
		}
	}
}

func wantText(s string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
}

func all(checks ...func(*testing.T, error)) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		for _, c := range checks {
			c(t, err)
		}
	}
}
