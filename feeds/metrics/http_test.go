package metrics

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestInstrumentStatus(t *testing.T) {
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		wantCode string
	}{
		{"writes nothing", func(http.ResponseWriter, *http.Request) {}, "200"},
		{"writes a body", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "<rss/>") }, "200"},
		{"not modified", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotModified) }, "304"},
		{"not found", http.NotFound, "404"},
		{"header after body is ignored", func(w http.ResponseWriter, _ *http.Request) {
			io.WriteString(w, "partial")
			w.WriteHeader(http.StatusInternalServerError)
		}, "200"},
		{"second header is ignored", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.WriteHeader(http.StatusOK)
		}, "503"},
		{"early hints precede the final code", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusAccepted)
		}, "202"},
		{"flush first means 200", func(w http.ResponseWriter, _ *http.Request) {
			w.(http.Flusher).Flush()
			w.WriteHeader(http.StatusTeapot)
		}, "200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New("v1", "r")
			h := m.Instrument("/feed.xml", tt.handler)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/feed.xml", nil))

			want := fmt.Sprintf(`
# HELP edufeed_http_requests_total HTTP requests answered, by route and status code.
# TYPE edufeed_http_requests_total counter
edufeed_http_requests_total{code=%q,route="/feed.xml"} 1
`, tt.wantCode)
			if err := testutil.CollectAndCompare(m.requests, strings.NewReader(want)); err != nil {
				t.Error(err)
			}
			if n := histogramRouteCount(t, m, "/feed.xml"); n != 1 {
				t.Errorf("duration observations = %d, want 1", n)
			}
		})
	}
}

func histogramRouteCount(t *testing.T, m *Metrics, route string) int {
	t.Helper()
	mfs, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "edufeed_http_request_duration_seconds" {
			continue
		}
		for _, metric := range mf.GetMetric() {
			for _, l := range metric.GetLabel() {
				if l.GetName() == "route" && l.GetValue() == route {
					return int(metric.GetHistogram().GetSampleCount())
				}
			}
		}
	}
	return 0
}

// TestInstrumentBoundedLabels: a scan of many distinct paths through a
// catch-all route makes one series per status code, never one per path.
func TestInstrumentBoundedLabels(t *testing.T) {
	m := New("v1", "r")
	mux := http.NewServeMux()
	mux.Handle("/feed.xml", m.Instrument("/feed.xml", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "<rss/>")
	})))
	mux.Handle("/", m.Instrument("other", http.NotFoundHandler()))

	for i := range 500 {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", fmt.Sprintf("/wp-admin/%d.php?x=%d", i, i), nil))
	}
	for range 3 {
		mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/feed.xml?source=moe&limit=5", nil))
	}

	want := `
# HELP edufeed_http_requests_total HTTP requests answered, by route and status code.
# TYPE edufeed_http_requests_total counter
edufeed_http_requests_total{code="200",route="/feed.xml"} 3
edufeed_http_requests_total{code="404",route="other"} 500
`
	if err := testutil.CollectAndCompare(m.requests, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(m.reqDuration); n != 2 {
		t.Errorf("duration series = %d, want 2 (one per route)", n)
	}
	if n := histogramRouteCount(t, m, "other"); n != 500 {
		t.Errorf("duration observations of other = %d, want 500", n)
	}
}

// TestInstrumentResponseController: through the wrapper, a handler on a
// real connection can still flush and set deadlines.
func TestInstrumentResponseController(t *testing.T) {
	m := New("v1", "r")
	errs := make(chan error, 2)
	srv := httptest.NewServer(m.Instrument("/stream", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		rc := http.NewResponseController(w)
		errs <- rc.SetWriteDeadline(time.Now().Add(time.Minute))
		io.WriteString(w, "chunk")
		errs <- rc.Flush()
	})))
	defer srv.Close()

	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "chunk" {
		t.Errorf("body %q", body)
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("response controller through the wrapper: %v", err)
		}
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues("/stream", "200")); got != 1 {
		t.Errorf("requests = %v, want 1", got)
	}
}

type nopHandler struct{}

func (nopHandler) ServeHTTP(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }

type nopWriter struct{}

func (nopWriter) Header() http.Header         { return nil }
func (nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (nopWriter) WriteHeader(int)             {}

// TestInstrumentCountsByCode: each code's counter, looked up once and kept,
// keeps counting on later requests, per route; codes outside 100–599 (which
// net/http allows up to 999) are counted too.
func TestInstrumentCountsByCode(t *testing.T) {
	m := New("v1", "r")
	codeOf := func(r *http.Request) int {
		n, err := strconv.Atoi(r.URL.Query().Get("code"))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(codeOf(r)) })
	feed, other := m.Instrument("/feed.xml", h), m.Instrument("other", h)
	for _, c := range []struct {
		h    http.Handler
		code int
	}{{feed, 200}, {feed, 304}, {feed, 200}, {other, 200}, {feed, 304}, {feed, 200}, {other, 799}, {other, 799}} {
		c.h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x?code="+strconv.Itoa(c.code), nil))
	}
	want := `
# HELP edufeed_http_requests_total HTTP requests answered, by route and status code.
# TYPE edufeed_http_requests_total counter
edufeed_http_requests_total{code="200",route="/feed.xml"} 3
edufeed_http_requests_total{code="304",route="/feed.xml"} 2
edufeed_http_requests_total{code="200",route="other"} 1
edufeed_http_requests_total{code="799",route="other"} 2
`
	if err := testutil.CollectAndCompare(m.requests, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
}

// TestInstrumentKeepsReaderFrom: io.Copy in an instrumented handler reaches
// the connection's ReadFrom (net/http's sendfile path for files) and counts
// as a 200, on a real server and on a writer without ReadFrom alike.
func TestInstrumentKeepsReaderFrom(t *testing.T) {
	m := New("v1", "r")
	const body = "<rss>教育新闻</rss>"
	var isReaderFrom bool
	h := m.Instrument("/feed.xml", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, isReaderFrom = w.(io.ReaderFrom)
		if _, err := io.Copy(w, strings.NewReader(body)); err != nil {
			t.Error(err)
		}
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != body || !isReaderFrom {
		t.Errorf("body %q, ReaderFrom %v", got, isReaderFrom)
	}

	rec := httptest.NewRecorder() // no ReadFrom of its own
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/feed.xml", nil))
	if rec.Body.String() != body {
		t.Errorf("recorder body %q", rec.Body.String())
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues("/feed.xml", "200")); got != 2 {
		t.Errorf("requests = %v, want 2", got)
	}
}

// TestInstrumentRecycledWriterStartsClean: the writers are pooled, so a
// request that writes nothing after one that sent 503 must still count as
// 200, and must see its own ResponseWriter, not the previous one.
func TestInstrumentRecycledWriterStartsClean(t *testing.T) {
	m := New("v1", "r")
	var seen []http.ResponseWriter
	h := m.Instrument("/feed.xml", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, w.(interface{ Unwrap() http.ResponseWriter }).Unwrap())
		if r.URL.Query().Get("fail") != "" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	recs := []*httptest.ResponseRecorder{httptest.NewRecorder(), httptest.NewRecorder(), httptest.NewRecorder()}
	for i, target := range []string{"/feed.xml?fail=1", "/feed.xml", "/feed.xml?fail=1"} {
		h.ServeHTTP(recs[i], httptest.NewRequest("GET", target, nil))
	}
	for i, w := range seen {
		if w != recs[i] {
			t.Errorf("request %d wrote to another request's writer", i)
		}
	}
	want := `
# HELP edufeed_http_requests_total HTTP requests answered, by route and status code.
# TYPE edufeed_http_requests_total counter
edufeed_http_requests_total{code="200",route="/feed.xml"} 1
edufeed_http_requests_total{code="503",route="/feed.xml"} 2
`
	if err := testutil.CollectAndCompare(m.requests, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
}
