package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestHostGapReserve(t *testing.T) {
	g := newHostGap(time.Second)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	g.now = func() time.Time { return now }
	steps := []struct {
		host    string
		advance time.Duration
		want    time.Duration // start, from the first step's now
	}{
		{"a.example.edu.cn", 0, 0},
		{"a.example.edu.cn", 0, time.Second},
		{"a.example.edu.cn", 0, 2 * time.Second},
		{"b.example.edu.cn", 0, 0}, // another host waits for nobody
		{"a.example.edu.cn", 10 * time.Second, 10 * time.Second},
	}
	base := now
	for i, s := range steps {
		now = now.Add(s.advance)
		start, ok := g.reserve(s.host)
		if !ok {
			t.Fatalf("step %d: no spacing with a 1s gap", i)
		}
		if got := start.Sub(base); got != s.want {
			t.Errorf("step %d (%s): start at +%s, want +%s", i, s.host, got, s.want)
		}
	}
	if _, ok := newHostGap(0).reserve("a"); ok {
		t.Error("a zero gap reserved a slot")
	}
}

func TestHostGapCrawlDelay(t *testing.T) {
	g := newHostGap(time.Second)
	now := time.Now()
	g.now = func() time.Time { return now }
	g.setCrawlDelay("slow.example.org", 5*time.Second)
	g.setCrawlDelay("fast.example.org", 100*time.Millisecond) // shorter than ours: ignored
	for _, tt := range []struct {
		host string
		want time.Duration
	}{{"slow.example.org", 5 * time.Second}, {"fast.example.org", time.Second}} {
		g.reserve(tt.host)
		start, _ := g.reserve(tt.host)
		if got := start.Sub(now); got != tt.want {
			t.Errorf("%s: second request at +%s, want +%s", tt.host, got, tt.want)
		}
	}
}

// TestHostDelaySpacesRequests checks the spacing on the wire, and that time
// spent waiting for a turn does not count against a request's timeout.
func TestHostDelaySpacesRequests(t *testing.T) {
	const gap = 150 * time.Millisecond
	var mu sync.Mutex
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
		_, _ = w.Write([]byte("<rss/>"))
	}))
	defer srv.Close()

	// The last of four requests waits 3 gaps, longer than its timeout.
	c := NewClient(Options{HostDelay: gap, Timeout: 2 * gap})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := c.Fetch(context.Background(), Request{Source: "s", URL: srv.URL}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	slices.SortFunc(arrivals, func(a, b time.Time) int { return a.Compare(b) })
	if len(arrivals) != 4 {
		t.Fatalf("%d requests arrived, want 4", len(arrivals))
	}
	for i := 1; i < len(arrivals); i++ {
		// Scheduling may deliver one a little early relative to the
		// previous one's arrival; the slots themselves are exact.
		if d := arrivals[i].Sub(arrivals[i-1]); d < gap*8/10 {
			t.Errorf("requests %d and %d arrived %s apart, want about %s", i-1, i, d, gap)
		}
	}
}

func TestHostDelayWaitEndsWithContext(t *testing.T) {
	g := newHostGap(time.Hour)
	g.reserve("a")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.wait(ctx, "a"); err == nil {
		t.Error("wait with a cancelled context returned nil")
	}
}
