package publish

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds/metrics"
)

// daemonChain wires h as cmd/edufeed does: every route behind the metrics
// middleware, the merged feeds ahead of the mux. It returns the chain and
// the mux alone (which holds every route, the feeds too), and the
// instrumented /feed.xml handler.
func daemonChain(h *Handler) (chain, mux, feedXML http.Handler) {
	m := metrics.New("bench", "")
	routes := http.NewServeMux()
	feedsFirst := map[string]http.Handler{}
	for _, r := range []string{"/{$}", "/feed.xml", "/feed.atom", "/feed.json", "/healthz", "/api/sources", "/sources.opml"} {
		ih := m.Instrument(strings.TrimSuffix(r, "{$}"), h)
		routes.Handle(r, ih)
		if strings.HasPrefix(r, "/feed.") {
			feedsFirst[r] = ih
		}
	}
	routes.Handle("/", m.Instrument("other", h))
	chain = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if fh := feedsFirst[req.URL.Path]; fh != nil {
			fh.ServeHTTP(w, req)
			return
		}
		routes.ServeHTTP(w, req)
	})
	return chain, routes, feedsFirst["/feed.xml"]
}

// loopbackServer serves h the way cmd/edufeed does (daemonChain, the
// daemon's server timeouts) on 127.0.0.1, so that a benchmark counts
// net/http's own per-request work beside the handler's.
func loopbackServer(tb testing.TB, h *Handler) string {
	tb.Helper()
	chain, _, _ := daemonChain(h)
	srv := &http.Server{
		Handler:           chain,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// rawClient is one keep-alive connection that sends a fixed request and
// skips the answer, allocating nothing per request, so that allocs/op are
// the server's.
type rawClient struct {
	conn net.Conn
	r    *bufio.Reader
	req  []byte
}

// dialRaw connects to addr for GET path; header holds name, value pairs.
func dialRaw(addr, path string, header ...string) (*rawClient, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	var req bytes.Buffer
	fmt.Fprintf(&req, "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: loopback-bench\r\n", path, addr)
	for i := 0; i+1 < len(header); i += 2 {
		fmt.Fprintf(&req, "%s: %s\r\n", header[i], header[i+1])
	}
	req.WriteString("\r\n")
	return &rawClient{conn: conn, r: bufio.NewReaderSize(conn, 64<<10), req: req.Bytes()}, nil
}

var errBadAnswer = errors.New("unexpected answer")

// do sends the request, reads the answer's head and discards its body. It
// returns the status code.
func (c *rawClient) do() (int, error) {
	if _, err := c.conn.Write(c.req); err != nil {
		return 0, err
	}
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 {
		return 0, errBadAnswer
	}
	code := atoi(line[9:12])
	length := 0
	for {
		line, err = c.r.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(line) <= 2 {
			break
		}
		const cl = "content-length:"
		if len(line) > len(cl) && bytes.EqualFold(line[:len(cl)], []byte(cl)) {
			length = atoi(bytes.TrimSpace(line[len(cl):]))
		}
	}
	if length < 0 {
		return 0, errBadAnswer
	}
	if _, err := c.r.Discard(length); err != nil {
		return 0, err
	}
	return code, nil
}

// atoi reads a decimal number, or returns -1.
func atoi(b []byte) int {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// loopbackCase is one request the loopback benchmarks repeat.
type loopbackCase struct {
	name   string
	header []string
	code   int
}

// loopbackCases are the requests a feed reader makes of /feed.xml: the
// body, its gzip variant, and 304s to If-None-Match for each.
func loopbackCases(tb testing.TB, h *Handler) []loopbackCase {
	etag := func(hdr ...string) string { return get(tb, h, "/feed.xml", hdr...).Header().Get("ETag") }
	return []loopbackCase{
		{"plain", nil, 200},
		{"gzip", []string{"Accept-Encoding", "gzip"}, 200},
		{"304", []string{"If-None-Match", etag()}, 304},
		{"304gzip", []string{"Accept-Encoding", "gzip", "If-None-Match", etag("Accept-Encoding", "gzip")}, 304},
	}
}

// runLoopback repeats each case against addr from four keep-alive
// connections. allocs/op counts the whole process; the raw client
// allocates nothing per request, so they are the server's. cpu-ns/op is the
// process's CPU time (server and client, user and system) per request.
func runLoopback(b *testing.B, addr string, cases []loopbackCase) {
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(2) // 4 connections on 2 cores
			cpu0, cpuOK := processCPU()
			b.RunParallel(func(pb *testing.PB) {
				c, err := dialRaw(addr, "/feed.xml", tc.header...)
				if err != nil {
					b.Error(err)
					return
				}
				defer c.conn.Close()
				for pb.Next() {
					code, err := c.do()
					if err != nil || code != tc.code {
						b.Errorf("status %d, %v; want %d", code, err, tc.code)
						return
					}
				}
			})
			if cpu1, ok := processCPU(); ok && cpuOK {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

// BenchmarkLoopback serves a cached /feed.xml through net/http on loopback
// as the daemon does (loopbackServer).
func BenchmarkLoopback(b *testing.B) {
	h := newTestHandler(bigFake())
	runLoopback(b, loopbackServer(b, h), loopbackCases(b, h))
}

// BenchmarkLoopbackFloor serves the same bytes with the same ETags from a
// bare net/http server: one handler that compares If-None-Match with one
// ETag and writes a stored body, with no routing, metrics, cache lookup or
// timeouts. It is the least any handler behind net/http can cost, measured
// in the same run as BenchmarkLoopback (compare the two with benchstat).
func BenchmarkLoopbackFloor(b *testing.B) {
	h := newTestHandler(bigFake())
	type variant struct {
		etag   string
		header http.Header
		body   []byte
	}
	load := func(hdr ...string) variant {
		w := get(b, h, "/feed.xml", hdr...)
		v := variant{etag: w.Header().Get("ETag"), header: http.Header{}, body: w.Body.Bytes()}
		for _, k := range []string{"Content-Type", "Content-Encoding", "Content-Length", "ETag", "Vary", "Cache-Control"} {
			if x := w.Header().Values(k); len(x) > 0 {
				v.header[k] = x
			}
		}
		return v
	}
	plain, gz := load(), load("Accept-Encoding", "gzip")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		v := &plain
		if strings.Contains(req.Header.Get("Accept-Encoding"), "gzip") {
			v = &gz
		}
		hdr := w.Header()
		if req.Header.Get("If-None-Match") == v.etag {
			hdr["Etag"] = v.header["Etag"]
			w.WriteHeader(http.StatusNotModified)
			return
		}
		for k, x := range v.header {
			hdr[k] = x
		}
		w.Write(v.body)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	runLoopback(b, ln.Addr().String(), loopbackCases(b, h))
}

// BenchmarkChain304 answers a 304 for /feed.xml in process, without
// net/http's connection work, through ever more of the daemon's chain: the
// publish handler alone, behind the metrics middleware, behind the mux as
// well, and as the daemon wires it (the feeds ahead of the mux). The steps
// between them are what each layer costs per 304; cpu-ns/op, the process's
// CPU per request, is less disturbed by other load than ns/op.
func BenchmarkChain304(b *testing.B) {
	h := newTestHandler(bigFake())
	chain, mux, feedXML := daemonChain(h)
	req := httptest.NewRequest(http.MethodGet, "/feed.xml", nil)
	req.Header.Set("If-None-Match", get(b, h, "/feed.xml").Header().Get("ETag"))
	for _, tc := range []struct {
		name string
		h    http.Handler
	}{{"handler", h}, {"metrics", feedXML}, {"mux", mux}, {"daemon", chain}} {
		b.Run(tc.name, func(b *testing.B) {
			w := &headerOnlyWriter{header: http.Header{}}
			b.ReportAllocs()
			cpu0, cpuOK := processCPU()
			for b.Loop() {
				clear(w.header)
				w.code = 0
				tc.h.ServeHTTP(w, req)
			}
			if cpu1, ok := processCPU(); ok && cpuOK {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
			if w.code != http.StatusNotModified {
				b.Fatalf("status %d, want 304", w.code)
			}
		})
	}
}

// headerOnlyWriter is a ResponseWriter that keeps one header map and the
// status code, so that a benchmark's allocations are the handler's.
type headerOnlyWriter struct {
	header http.Header
	code   int
}

func (w *headerOnlyWriter) Header() http.Header         { return w.header }
func (w *headerOnlyWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *headerOnlyWriter) WriteHeader(code int)        { w.code = code }
