package fetch

// Hostile sources (issue 6, item 1): each case must end as an error that
// says in plain words what happened, within the request's timeout and with
// bounded memory, and must fail if the protection it checks is removed.
// Every server is on loopback; no handler outlives hostileCap, whatever the
// client does, so a broken client fails a test instead of hanging it.

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hostileCap bounds how long any hostile handler runs.
const hostileCap = 30 * time.Second

// fetchErr fetches url with opts and returns the error, failing the test
// when there is none or when it does not name the source and URL.
func fetchErr(t *testing.T, opts Options, rawURL string) error {
	t.Helper()
	resp, err := NewClient(opts).Fetch(context.Background(), Request{Source: "hostile", URL: rawURL})
	if err == nil {
		t.Fatalf("no error; got %d bytes", len(resp.Body))
	}
	if prefix := `source "hostile": fetch ` + rawURL + ": "; !strings.HasPrefix(err.Error(), prefix) {
		t.Errorf("error %q does not start with %q", err, prefix)
	}
	return err
}

func wantMsg(t *testing.T, err error, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not say %q", err, p)
		}
	}
}

// TestHostileSlowSources: a server that drips a byte a second, or sends its
// headers and then nothing, is cut off by the request's Timeout.
func TestHostileSlowSources(t *testing.T) {
	const dripBytes = 30 // 30 s of dripping, far beyond the timeout
	tests := []struct {
		name    string
		handler func(w http.ResponseWriter, r *http.Request, sent *atomic.Int64)
		timeout time.Duration
		want    []string
	}{
		{
			name: "drips one byte a second",
			handler: func(w http.ResponseWriter, r *http.Request, sent *atomic.Int64) {
				for range dripBytes {
					if _, err := w.Write([]byte("<")); err != nil {
						return
					}
					sent.Add(1)
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
						return
					case <-time.After(time.Second):
					}
				}
			},
			timeout: 1500 * time.Millisecond,
			want:    []string{"timed out after 1.5s: reading the body (", "bytes so far)"},
		},
		{
			name: "hangs after the headers",
			handler: func(w http.ResponseWriter, r *http.Request, _ *atomic.Int64) {
				w.Header().Set("Content-Type", "application/rss+xml")
				w.WriteHeader(http.StatusOK)
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
				case <-time.After(hostileCap):
				}
			},
			timeout: 200 * time.Millisecond,
			want:    []string{"timed out after 200ms: reading the body (0 bytes so far)"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sent atomic.Int64
			done := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				defer close(done)
				tc.handler(w, r, &sent)
			}))
			defer srv.Close()

			err := fetchErr(t, Options{Timeout: tc.timeout}, srv.URL)
			// The error is the timeout's own, so the call returned because
			// the timeout fired, not because the server finished.
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want the timeout's deadline exceeded", err)
			}
			wantMsg(t, err, tc.want...)
			<-done
			if n := sent.Load(); n >= dripBytes {
				t.Errorf("server sent all %d bytes: the client did not hang up", n)
			}
		})
	}
}

// heapGrowth runs f and returns how many bytes the process allocated
// meanwhile: an upper bound of the heap growth f caused.
func heapGrowth(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestHostileEndlessBody: a server that would send 10 GiB (no
// Content-Length, so only the read limit can stop it) ends with
// ErrTooLarge once MaxBody is passed, having cost a few MiB of memory.
func TestHostileEndlessBody(t *testing.T) {
	const (
		nominal = 10 << 30 // what the handler offers
		// valve stops the handler early only so that a client without a
		// limit fails this test (with a cut-short body and a large
		// allocation count) instead of eating the machine's memory.
		valve     = 256 << 20
		maxBody   = 1 << 20
		maxGrowth = 32 << 20
	)
	var sent atomic.Int64
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		w.Header().Set("Content-Type", "application/rss+xml")
		buf := make([]byte, 64<<10)
		for sent.Load() < nominal {
			if sent.Load() >= valve {
				panic(http.ErrAbortHandler)
			}
			n, err := w.Write(buf)
			sent.Add(int64(n))
			if err != nil {
				return // the client hung up
			}
		}
	}))
	defer srv.Close()

	var err error
	grew := heapGrowth(func() { err = fetchErr(t, Options{MaxBody: maxBody}, srv.URL) })
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	wantMsg(t, err, "body too large: the body is more than 1 MiB (defaults.max_body)")
	if grew > maxGrowth {
		t.Errorf("allocated %s while fetching, want under %s", formatSize(int64(grew)), formatSize(maxGrowth))
	}
	<-done
	if n := sent.Load(); n >= valve {
		t.Errorf("server sent %s: the client kept reading past the limit", formatSize(n))
	}
}

// gzipBomb is size bytes of zeros as a multi-member gzip stream, made of
// one 16 MiB member repeated: about a thousandth of size on the wire.
func gzipBomb(t *testing.T, size int) []byte {
	t.Helper()
	const member = 16 << 20
	var one bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&one, gzip.BestCompression)
	if _, err := zw.Write(make([]byte, member)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.Repeat(one.Bytes(), size/member)
}

// TestHostileGzipBomb: 256 MiB of zeros in a few hundred KiB, either as
// Content-Encoding (the transport decodes it) or as a .gz file (decodeBody
// does), stops at MaxBody once decompressed, with bounded memory.
func TestHostileGzipBomb(t *testing.T) {
	const maxBody, maxGrowth = 1 << 20, 32 << 20
	bomb := gzipBomb(t, 256<<20)
	if len(bomb) >= maxBody {
		t.Fatalf("bomb of %d bytes is not small compressed", len(bomb))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/encoded", serve(bomb, "Content-Encoding", "gzip", "Content-Type", "application/rss+xml"))
	mux.HandleFunc("/file", serve(bomb, "Content-Type", "application/gzip"))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, path := range []string{"/encoded", "/file"} {
		t.Run(path, func(t *testing.T) {
			var err error
			grew := heapGrowth(func() { err = fetchErr(t, Options{MaxBody: maxBody}, srv.URL+path) })
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err = %v, want ErrTooLarge", err)
			}
			wantMsg(t, err, "body too large: the decompressed body is more than 1 MiB (defaults.max_body)")
			if grew > maxGrowth {
				t.Errorf("allocated %s while fetching, want under %s", formatSize(int64(grew)), formatSize(maxGrowth))
			}
		})
	}
}

// TestHostileStatus: error statuses become a *StatusError carrying
// Retry-After in both its forms, measured from the response's Date.
func TestHostileStatus(t *testing.T) {
	const date = "Wed, 24 Jul 2024 02:00:00 GMT"
	tests := []struct {
		name    string
		code    int
		headers []string
		check   func(t *testing.T, retryAfter time.Duration)
		want    string
	}{
		{"429, Retry-After in seconds", 429, []string{"Retry-After", "120"},
			exactly(2 * time.Minute), "unexpected HTTP status 429 Too Many Requests (retry after 2m0s)"},
		{"429, Retry-After as an HTTP-date", 429, []string{"Date", date, "Retry-After", "Wed, 24 Jul 2024 02:05:00 GMT"},
			exactly(5 * time.Minute), "(retry after 5m0s)"},
		{"429, Retry-After date on a server clock an hour slow", 429,
			[]string{"Date", "Wed, 24 Jul 2024 01:00:00 GMT", "Retry-After", "Wed, 24 Jul 2024 01:00:30 GMT"},
			exactly(30 * time.Second), "(retry after 30s)"},
		{"503, Retry-After date without a Date header", 503,
			[]string{"Date", "", "Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)},
			func(t *testing.T, d time.Duration) {
				// Whole seconds on the wire and the time the request takes
				// make it a little less than an hour from now.
				if d <= 58*time.Minute || d > time.Hour {
					t.Errorf("RetryAfter = %v, want about an hour", d)
				}
			}, "unexpected HTTP status 503 Service Unavailable (retry after"},
		{"503, garbled Retry-After ignored", 503, []string{"Retry-After", "in a while"},
			exactly(0), "unexpected HTTP status 503 Service Unavailable"},
		{"500", 500, nil, exactly(0), "unexpected HTTP status 500 Internal Server Error"},
		{"502", 502, nil, exactly(0), "unexpected HTTP status 502 Bad Gateway"},
		{"504", 504, nil, exactly(0), "unexpected HTTP status 504 Gateway Timeout"},
		{"404", 404, nil, exactly(0), "unexpected HTTP status 404 Not Found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for i := 0; i+1 < len(tc.headers); i += 2 {
					if tc.headers[i+1] == "" {
						w.Header()[tc.headers[i]] = nil // suppress the server's own
						continue
					}
					w.Header().Set(tc.headers[i], tc.headers[i+1])
				}
				http.Error(w, "<html>error page</html>", tc.code)
			}))
			defer srv.Close()
			err := fetchErr(t, Options{}, srv.URL)
			var se *StatusError
			if !errors.As(err, &se) || se.Code != tc.code {
				t.Fatalf("err = %v, want a *StatusError for %d", err, tc.code)
			}
			tc.check(t, se.RetryAfter)
			wantMsg(t, err, tc.want)
		})
	}
}

func exactly(want time.Duration) func(*testing.T, time.Duration) {
	return func(t *testing.T, got time.Duration) {
		t.Helper()
		if got != want {
			t.Errorf("RetryAfter = %v, want %v", got, want)
		}
	}
}

// TestHostileTLS: a certificate nobody vouches for is refused by the
// default client, and the error says so.
func TestHostileTLS(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte("<rss/>"))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake failure is expected
	srv.StartTLS()
	defer srv.Close()

	err := fetchErr(t, Options{}, srv.URL)
	var certErr *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &certErr) || !errors.As(err, &unknown) {
		t.Errorf("err = %v, want a certificate verification error", err)
	}
	wantMsg(t, err, "the server's TLS certificate is not trusted", "certificate signed by unknown authority")
	if n := hits.Load(); n != 0 {
		t.Errorf("handler reached %d times over an untrusted connection", n)
	}
}

// TestHostileUnknownHost: .invalid never resolves (RFC 6761), so this fails
// at once, with or without a DNS server.
func TestHostileUnknownHost(t *testing.T) {
	err := fetchErr(t, Options{}, "http://edufeed-test.invalid/feed.xml")
	var dnsErr *net.DNSError
	if !errors.As(err, &dnsErr) {
		t.Errorf("err = %v, want a *net.DNSError", err)
	}
	wantMsg(t, err, "cannot resolve host edufeed-test.invalid")
}

// TestHostileBrokenBodies: bodies that end early or hold nothing.
func TestHostileBrokenBodies(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/short", func(w http.ResponseWriter, r *http.Request) {
		// Promise 1000 bytes, send 5: the server then drops the connection.
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte("<rss>"))
	})
	mux.HandleFunc("/aborted-chunks", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("<rss><channel>"))
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // no final chunk
	})
	mux.HandleFunc("/empty", serve(nil, "Content-Type", "application/rss+xml"))
	mux.HandleFunc("/blank", serve([]byte(" \r\n\t\n ")))
	mux.HandleFunc("/nuls", serve([]byte("\x00\x00\x00\x00\x01\x02")))
	mux.HandleFunc("/204", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, tc := range []struct {
		path   string
		target error
		want   string
	}{
		{"/short", io.ErrUnexpectedEOF, "body cut short after 5 bytes: the connection ended before all of it arrived"},
		{"/aborted-chunks", io.ErrUnexpectedEOF, "body cut short after 14 bytes"},
		{"/empty", ErrEmptyBody, "empty body (0 bytes)"},
		{"/204", ErrEmptyBody, "empty body (0 bytes)"},
		{"/blank", ErrEmptyBody, "empty body: its 6 bytes hold no text"},
		{"/nuls", ErrEmptyBody, "empty body: its 6 bytes hold no text"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			err := fetchErr(t, Options{}, srv.URL+tc.path)
			if !errors.Is(err, tc.target) {
				t.Errorf("err = %v, want %v", err, tc.target)
			}
			wantMsg(t, err, tc.want)
		})
	}
}

// TestHostileBodiesLeftToTheParser: a body that arrived whole is handed on
// even when it is no feed (an HTML page, XML cut off mid-element): telling
// that is feeds/parse's job. Characters XML forbids are dropped here.
func TestHostileBodiesLeftToTheParser(t *testing.T) {
	html := []byte("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
	cut := []byte(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><item><title>高考`)
	mux := http.NewServeMux()
	mux.HandleFunc("/html", serve(html, "Content-Type", "text/html; charset=utf-8"))
	mux.HandleFunc("/cut", serve(cut, "Content-Type", "application/rss+xml"))
	mux.HandleFunc("/nul", serve([]byte("<rss>\x00<title>a\x00b\x01c\x1Fd\uFFFEe\xEF\xBF\xBFf</title>\x00</rss>\x00"), "Content-Type", "text/xml; charset=utf-8"))
	// UTF-8 with a stray broken byte: replaced, the text around it kept.
	news := strings.Repeat("教育部发布新闻", 5)
	mux.HandleFunc("/bad-utf8", serve([]byte("<rss><title>"+news+"\xff"+news+"</title></rss>"), "Content-Type", "text/xml; charset=utf-8"))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, tc := range []struct {
		path, want, contentType string
	}{
		{"/html", string(html), "text/html; charset=utf-8"},
		{"/cut", string(cut), "application/rss+xml"},
		{"/nul", "<rss><title>abcdef</title></rss>", "text/xml; charset=utf-8"},
		{"/bad-utf8", "<rss><title>" + news + "\uFFFD" + news + "</title></rss>", "text/xml; charset=utf-8"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, err := NewClient(Options{}).Fetch(context.Background(), Request{Source: "s", URL: srv.URL + tc.path})
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != tc.want {
				t.Errorf("body %q, want %q", resp.Body, tc.want)
			}
			if resp.ContentType != tc.contentType {
				t.Errorf("content type %q, want %q", resp.ContentType, tc.contentType)
			}
		})
	}
}

// TestHostileSourceDoesNotBlockOthers: while one fetch hangs, another on
// the same Client (and the same server) goes through.
func TestHostileSourceDoesNotBlockOthers(t *testing.T) {
	started := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		select {
		case <-r.Context().Done():
		case <-time.After(hostileCap):
		}
	})
	mux.HandleFunc("/feed", serve([]byte("<rss/>")))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c := NewClient(Options{Timeout: hostileCap})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hung := make(chan error, 1)
	go func() {
		_, err := c.Fetch(ctx, Request{Source: "slow", URL: srv.URL + "/hang"})
		hung <- err
	}()
	<-started
	if _, err := c.Fetch(context.Background(), Request{Source: "fast", URL: srv.URL + "/feed"}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-hung:
		t.Fatalf("hanging fetch ended before it was cancelled: %v", err)
	default:
	}
	cancel()
	if err := <-hung; !errors.Is(err, context.Canceled) {
		t.Errorf("hanging fetch: err = %v, want context canceled", err)
	}
}
