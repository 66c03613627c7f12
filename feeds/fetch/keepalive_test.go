package fetch

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// TestIdlePerHost: after a burst of n concurrent fetches from one host, a
// second burst reuses the n connections when IdlePerHost is n, and has to
// dial again when it is the default of 4.
func TestIdlePerHost(t *testing.T) {
	const n = 8
	tests := []struct {
		idle      int
		wantDials func(dials int64) bool
	}{
		{idle: n, wantDials: func(d int64) bool { return d == n }},
		{idle: 0, wantDials: func(d int64) bool { return d > n }},
	}
	for _, tt := range tests {
		var dials atomic.Int64
		// Every handler waits until all n requests of a burst are in, so
		// the burst holds n connections at once.
		var arrived sync.WaitGroup
		gate := make(chan struct{})
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived.Done()
			<-gate
			w.Header().Set("Content-Type", "application/rss+xml")
			_, _ = w.Write([]byte(`<rss version="2.0"><channel><title>t</title></channel></rss>`))
		}))
		srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				dials.Add(1)
			}
		}
		srv.Start()
		c := NewClient(Options{IdlePerHost: tt.idle})
		for range 2 {
			arrived.Add(n)
			gate = make(chan struct{})
			var wg sync.WaitGroup
			for range n {
				wg.Go(func() {
					if _, err := c.Fetch(context.Background(), Request{Source: "s", URL: srv.URL}); err != nil {
						t.Error(err)
					}
				})
			}
			arrived.Wait()
			close(gate)
			wg.Wait()
		}
		c.CloseIdleConnections()
		srv.Close()
		if d := dials.Load(); !tt.wantDials(d) {
			t.Errorf("IdlePerHost %d: %d connections for two bursts of %d", tt.idle, d, n)
		}
	}
}
