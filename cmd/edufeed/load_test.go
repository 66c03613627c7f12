package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// burstSources serves n RSS feeds whose items change on every request, so
// that every poll writes, and returns the config's sources section.
func burstSources(t *testing.T, n int) string {
	t.Helper()
	var round atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := round.Add(1)
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s</title><link>https://example.edu.cn/</link><description>d</description>`, r.URL.Path)
		for i := range 30 {
			fmt.Fprintf(&b, `<item><title>%s 第%d条 第%d轮</title><link>https://example.edu.cn%s/%d-%d.html</link><pubDate>%s</pubDate><description>&lt;p&gt;%s&lt;/p&gt;</description></item>`,
				r.URL.Path, i, k, r.URL.Path, i, k, time.Now().Add(-time.Duration(i)*time.Minute).Format(time.RFC1123Z),
				strings.Repeat("学校召开教学工作会议，部署本学期重点任务。", 10))
		}
		b.WriteString(`</channel></rss>`)
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, b.String())
	}))
	t.Cleanup(srv.Close)
	var cfg strings.Builder
	for i := range n {
		fmt.Fprintf(&cfg, "  - {name: s%d, url: %q}\n", i, fmt.Sprintf("%s/s%d.xml", srv.URL, i))
	}
	return cfg.String()
}

// TestReadersDuringPollBurst has 1,000 concurrent readers load the feeds
// while every source is polled again and again: every request must be
// answered. The latencies are logged (p50, p99, max), not asserted.
func TestReadersDuringPollBurst(t *testing.T) {
	readers, rounds := 1000, 3
	if raceEnabled {
		readers = 300
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "", burstSources(t, 40))
	d, base := startDaemon(t, path)

	burstCtx, stopBurst := context.WithCancel(context.Background())
	var burst sync.WaitGroup
	var polls atomic.Int64
	burst.Go(func() {
		for burstCtx.Err() == nil {
			for _, r := range d.sched.PollAll(burstCtx, d.sources()) {
				if r.Err == nil {
					polls.Add(1)
				}
			}
		}
	})

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: readers}, Timeout: time.Minute}
	paths := []string{"/feed.xml", "/feed.atom", "/feed.json", "/feed.xml?limit=20", "/", "/api/sources"}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  []string
		wg        sync.WaitGroup
		start     = make(chan struct{})
	)
	for i := range readers {
		wg.Go(func() {
			<-start
			// On a loaded machine the readers may outrun the first burst
			// (the start-up poll holds every source at first): they go on,
			// a bounded number of rounds, until a burst poll has finished.
			for j := 0; j < rounds || (polls.Load() == 0 && j < 100*rounds); j++ {
				p := paths[(i+j)%len(paths)]
				t0 := time.Now()
				resp, err := client.Get(base + p)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				elapsed := time.Since(t0)
				mu.Lock()
				latencies = append(latencies, elapsed)
				switch {
				case err != nil:
					failures = append(failures, p+": "+err.Error())
				case resp.StatusCode != http.StatusOK:
					failures = append(failures, fmt.Sprintf("%s: %s", p, resp.Status))
				}
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	stopBurst()
	burst.Wait()

	if len(failures) > 0 {
		t.Fatalf("%d of %d requests failed, first: %s", len(failures), len(latencies), failures[0])
	}
	if polls.Load() == 0 {
		t.Fatal("no poll finished during the readers' run: the burst did not overlap them")
	}
	slices.Sort(latencies)
	pct := func(p int) time.Duration { return latencies[(len(latencies)-1)*p/100] }
	t.Logf("%d requests from %d readers during %d polls: p50 %v, p99 %v, max %v",
		len(latencies), readers, polls.Load(), pct(50), pct(99), latencies[len(latencies)-1])
}

// TestShutdownFinishesInFlight starts a request that takes a while (an admin
// poll of a slow source), shuts the daemon down while it runs, and expects
// the request to complete with its answer.
func TestShutdownFinishesInFlight(t *testing.T) {
	arrived := make(chan struct{}, 4)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		time.Sleep(500 * time.Millisecond)
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://a.example/</link><description>d</description><item><title>慢来源的新闻</title><link>https://a.example/1.html</link></item></channel></rss>`)
	}))
	defer slow.Close()
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "", fmt.Sprintf("  - {name: slow, url: %q, enabled: false}\n", slow.URL+"/feed.xml"))
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := openDaemon(cfg, discardLogger(), overrides{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	ln := srv.Listener
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.serve(ctx, ln) }()

	type answer struct {
		code int
		body string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/admin/poll?source=slow", nil)
		req.Header.Set("Authorization", "Bearer 0123456789abcdef-s3cret")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- answer{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- answer{resp.StatusCode, string(b), err}
	}()
	// The request is in flight once the daemon waits on the slow source;
	// an answer before that is a failure to report, not to wait out.
	select {
	case <-arrived:
	case a := <-got:
		t.Fatalf("admin poll answered before reaching the source: %d %q %v", a.code, a.body, a.err)
	}
	cancel()
	a := <-got
	if a.err != nil || a.code != http.StatusOK || !strings.Contains(a.body, `"new": 1`) {
		t.Fatalf("in-flight request during shutdown: %d %q %v; want 200 with the poll's result", a.code, a.body, a.err)
	}
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
}

// TestServerTimeouts: every server timeout is set, so a client that sends
// its headers a byte at a time, or never reads, cannot hold a connection.
func TestServerTimeouts(t *testing.T) {
	d := &daemon{log: discardLogger()}
	srv := d.httpServer(http.NotFoundHandler())
	for name, v := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout,
	} {
		if v <= 0 {
			t.Errorf("%s is not set", name)
		}
	}
	// Equal, net/http sets one read deadline per request, not two.
	if srv.ReadTimeout != srv.ReadHeaderTimeout {
		t.Errorf("ReadTimeout %v differs from ReadHeaderTimeout %v", srv.ReadTimeout, srv.ReadHeaderTimeout)
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes = %d", srv.MaxHeaderBytes)
	}
}
