package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// scrape fetches m's Handler over loopback HTTP and returns the body.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: status %d\n%s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("scrape: Content-Type %q, want text/plain", ct)
	}
	return string(body)
}

func TestBuildInfo(t *testing.T) {
	tests := []struct {
		name, version, revision string
		wantVersion, wantRev    string
	}{
		{"set", "v1.2.3", "abc123", "v1.2.3", "abc123"},
		{"empty", "", "", "unknown", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(tt.version, tt.revision)
			want := `
# HELP edufeed_build_info Always 1; its labels say which build of edufeed is running.
# TYPE edufeed_build_info gauge
edufeed_build_info{goversion="` + runtime.Version() + `",revision="` + tt.wantRev + `",version="` + tt.wantVersion + `"} 1
`
			if err := testutil.GatherAndCompare(m.reg, strings.NewReader(want), "edufeed_build_info"); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestHandlerExposition(t *testing.T) {
	m := New("v0.9.0", "deadbeef")
	m.ObservePoll("moe", ResultOK, pollResult(3, 1, 0, 0, 0), 0)
	m.ObserveFetch("moe", 1024, 0)
	m.WatchStore(func() (int64, int, error) { return 4096, 7, nil })
	m.Instrument("/feed.xml", http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/feed.xml", nil))

	body := scrape(t, m)
	for _, want := range []string{
		`edufeed_build_info{goversion="` + runtime.Version() + `",revision="deadbeef",version="v0.9.0"} 1`,
		`edufeed_polls_total{result="ok",source="moe"} 1`,
		`edufeed_items_total{kind="new",source="moe"} 3`,
		`edufeed_fetch_bytes_total{source="moe"} 1024`,
		`edufeed_fetch_duration_seconds_bucket{source="moe",le="0.05"} 1`,
		`edufeed_poll_duration_seconds_count{source="moe"} 1`,
		`edufeed_store_size_bytes 4096`,
		`edufeed_store_items 7`,
		`edufeed_http_requests_total{code="404",route="/feed.xml"} 1`,
		`edufeed_http_request_duration_seconds_count{route="/feed.xml"} 1`,
		// The Go and process collectors are registered too.
		"# TYPE go_goroutines gauge",
		"# TYPE process_start_time_seconds gauge",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
	for _, name := range []string{"polls_total", "fetch_duration_seconds", "fetch_bytes_total", "items_total",
		"store_size_bytes", "store_items", "http_requests_total", "http_request_duration_seconds", "build_info"} {
		if !strings.Contains(body, "# HELP edufeed_"+name+" ") {
			t.Errorf("scrape lacks the help of edufeed_%s", name)
		}
	}
}

// TestHandlerTwice: the handler registers its own error counter in the
// registry; a second handler must reuse it, not panic.
func TestHandlerTwice(t *testing.T) {
	m := New("v1", "r")
	_ = m.Handler()
	if body := scrape(t, m); !strings.Contains(body, "edufeed_build_info") {
		t.Error("second handler serves no metrics")
	}
}

// TestOwnRegistry: metrics of one process never leak into another's, nor
// into the global default registry.
func TestOwnRegistry(t *testing.T) {
	a, b := New("a", "1"), New("b", "2")
	a.ObservePoll("only-a", ResultOK, pollResult(0, 0, 0, 0, 0), 0)
	if body := scrape(t, b); strings.Contains(body, "only-a") {
		t.Error("metrics of one Metrics show in another's scrape")
	}
}

func TestLint(t *testing.T) {
	m := New("v1", "r")
	m.ObservePoll("moe", ResultOK, pollResult(1, 1, 1, 1, 1), 0)
	m.ObserveFetch("moe", 1, 0)
	m.WatchStore(func() (int64, int, error) { return 1, 1, nil })
	m.Instrument("/", http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	problems, err := testutil.GatherAndLint(m.reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if strings.HasPrefix(p.Metric, "edufeed_") {
			t.Errorf("lint: %s: %s", p.Metric, p.Text)
		}
	}
}
