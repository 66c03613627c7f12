package publish

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/store"
)

// noFetch fails every fetch; the benchmark's sources are all held back, so
// none is made.
type noFetch struct{}

func (noFetch) Fetch(context.Context, fetch.Request) (*fetch.Response, error) {
	return nil, fmt.Errorf("no fetches in this benchmark")
}

// statusBench is a daemon's read side with n sources: a real store holding a
// state for each (a third failing and backing off, the rest asking by cache
// hint to be left alone, so that every next run is worked out past a hold)
// and a real scheduler running all of them.
func statusBench(b *testing.B, n int) http.Handler {
	b.Helper()
	st, err := store.Open(filepath.Join(b.TempDir(), "edufeed.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	now := time.Now()
	schedules := []string{"@every 15m", "0 * * * *", "CRON_TZ=Asia/Shanghai 30 8 * * *"}
	srcs := make([]feeds.Source, n)
	for i := range srcs {
		srcs[i] = feeds.Source{
			Name:     fmt.Sprintf("school-%05d", i),
			URL:      fmt.Sprintf("https://school-%d.example.cn/rss.xml", i),
			Schedule: schedules[i%len(schedules)],
			Tags:     []string{"school", fmt.Sprintf("district-%d", i%40)},
			Location: time.UTC,
			Enabled:  i%50 != 0,
		}
	}
	// States are written from many goroutines, as polls write them, so that
	// they share commits.
	var wg sync.WaitGroup
	work := make(chan int)
	for range 64 {
		wg.Go(func() {
			for i := range work {
				s := feeds.SourceState{Name: srcs[i].Name, LastAttempt: now.Add(-time.Minute), LastSuccess: now.Add(-time.Minute),
					NextPollAfter: now.Add(3 * time.Hour), LastDuration: time.Second}
				if i%3 == 0 {
					s = feeds.SourceState{Name: srcs[i].Name, LastAttempt: now.Add(-time.Minute), LastErrorAt: now.Add(-time.Minute),
						LastError: fmt.Sprintf("source %q: fetch: 503 Service Unavailable", srcs[i].Name), ConsecutiveErrors: 4,
						BackoffUntil: now.Add(5 * time.Hour)}
				}
				if err := st.SaveState(s); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for i := range srcs {
		work <- i
	}
	close(work)
	wg.Wait()

	discard := slog.New(slog.DiscardHandler)
	sched := poll.New(poll.Options{Store: st, Fetcher: noFetch{}, Logger: discard})
	if err := sched.Start(context.Background(), srcs); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sched.Stop(time.Minute) })
	return NewHandler(st, Options{Info: testInfo(), Sources: srcs, NextRuns: sched.NextRuns, Logger: discard})
}

// BenchmarkStatusEndpoints measures /, /healthz and /api/sources at 2,000
// and 20,000 sources: each request must cost one pass over the sources,
// not one scheduler or store look-up per source. Compare the two sizes'
// ns/op: ten times the sources should cost about ten times as much.
func BenchmarkStatusEndpoints(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		h := statusBench(b, n)
		for _, path := range []string{"/", "/healthz", "/api/sources"} {
			b.Run(fmt.Sprintf("sources=%d/path=%s", n, path), func(b *testing.B) {
				cpu0, measured := processCPU()
				for b.Loop() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
					if rec.Code != http.StatusOK {
						b.Fatalf("%s: status %d", path, rec.Code)
					}
				}
				// CPU per request, which other load on the machine disturbs
				// far less than wall time.
				if cpu1, _ := processCPU(); measured {
					b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}
