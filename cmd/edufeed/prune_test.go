package main

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/publish"
	"github.com/edufeed/edufeed/store"
)

// TestPruneWhileServing prunes 100,000 old items in small batches while
// readers load /feed.xml without pause: every request must be answered with
// the fresh items, and requests must complete while the prune is running.
//
// Under the race detector it prunes 20,000; .ci/run also runs it without.
func TestPruneWhileServing(t *testing.T) {
	old, fresh := 100_000, 50
	if raceEnabled {
		old = 20_000
	}
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	st, err := store.Open(filepath.Join(t.TempDir(), "edufeed.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	content := "<p>" + strings.Repeat("教育部发布通知，部署做好相关工作。", 20) + "</p>"
	batch := make([]feeds.Item, 0, 5000)
	for i := range old + fresh {
		published := now.AddDate(0, -3, 0).Add(time.Duration(i) * time.Second)
		if i >= old {
			published = now.Add(-time.Duration(i-old) * time.Minute)
		}
		id := feeds.NewID("bulk", fmt.Sprint(i))
		batch = append(batch, feeds.Item{
			ID: id, Source: "bulk", Sources: []string{"bulk"}, GUID: id,
			Link:  "https://news.example.edu.cn/" + id + ".shtml",
			Title: fmt.Sprintf("通知 %d", i), Content: content, Summary: "教育部发布通知",
			Published: published, DateFrom: feeds.DateFromFeed,
		})
		if len(batch) == cap(batch) || i == old+fresh-1 {
			if _, err := st.SavePoll(batch, feeds.SourceState{Name: "bulk"}, now); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}

	h := publish.NewHandler(st, publish.Options{
		Info:    publish.Info{Title: "t", Link: "http://127.0.0.1/", MaxItems: 50},
		Sources: []feeds.Source{{Name: "bulk", URL: "http://127.0.0.1/bulk.xml", Enabled: true}},
	})
	srv := httptest.NewServer(h)
	defer srv.Close()

	var (
		wg        sync.WaitGroup
		done      = make(chan struct{})
		mu        sync.Mutex
		latencies []time.Duration
		during    int // requests that started and ended while pruning ran
		failures  []string
	)
	newest := []byte(fmt.Sprintf("通知 %d", old+fresh-1))
	pruneStarted := make(chan struct{})
	pruning := func() bool {
		select {
		case <-done:
			return false
		default:
			return true
		}
	}
	for range 4 {
		wg.Go(func() {
			<-pruneStarted
			for pruning() {
				start := time.Now()
				resp, err := http.Get(srv.URL + "/feed.xml")
				var body []byte
				if err == nil {
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				elapsed := time.Since(start)
				inside := pruning()
				mu.Lock()
				switch {
				case err != nil:
					failures = append(failures, err.Error())
				case resp.StatusCode != http.StatusOK:
					failures = append(failures, resp.Status)
				case !bytes.Contains(body, newest):
					failures = append(failures, "newest item missing from /feed.xml")
				}
				latencies = append(latencies, elapsed)
				if inside {
					during++
				}
				mu.Unlock()
			}
		})
	}

	close(pruneStarted)
	start := time.Now()
	res, err := st.Prune(t.Context(), store.PruneOptions{Before: now.AddDate(0, -1, 0), Batch: 500}, now)
	took := time.Since(start)
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if res.Items != old {
		t.Errorf("pruned %d items, want %d", res.Items, old)
	}
	left, err := st.Items(store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != fresh {
		t.Errorf("%d items left, want %d", len(left), fresh)
	}
	if len(failures) > 0 {
		t.Fatalf("%d of %d requests failed during the prune, first: %s", len(failures), len(latencies), failures[0])
	}
	if during == 0 {
		t.Fatal("no request completed while the prune ran")
	}
	slices.Sort(latencies)
	t.Logf("pruned %d items in %d batches in %v; %d requests during it, p50 %v, p99 %v, max %v",
		res.Items, res.Batches, took, during,
		latencies[len(latencies)/2], latencies[len(latencies)*99/100], latencies[len(latencies)-1])
}

// TestPruneOnceLogs checks what an operator sees of the hourly prune: a line
// at info when it removed something, and one at debug, with its duration,
// when it found nothing (bench/serve waits for either).
func TestPruneOnceLogs(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name      string
		published time.Time
		want      string
	}{
		{"nothing to remove", now.Add(-time.Hour), `level=DEBUG msg="prune found nothing to remove"`},
		{"one old item", now.AddDate(0, 0, -40), `level=INFO msg=pruned`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, err := store.Open(filepath.Join(t.TempDir(), "edufeed.db"), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			id := feeds.NewID("moe", "1")
			it := feeds.Item{ID: id, Source: "moe", Sources: []string{"moe"}, GUID: id,
				Link: "https://www.moe.gov.cn/1.html", Title: "通知", Published: tc.published, DateFrom: feeds.DateFromFeed}
			if _, err := st.SavePoll([]feeds.Item{it}, feeds.SourceState{Name: "moe"}, tc.published); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			d := &daemon{
				log:   slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
				cfg:   &config.Config{Store: config.Store{Retention: 30 * 24 * time.Hour}},
				store: st,
			}
			d.pruneOnce(t.Context())
			if !strings.Contains(logs.String(), tc.want) || !strings.Contains(logs.String(), "duration=") {
				t.Errorf("log:\n%s\nwant a line with %s and a duration", logs.String(), tc.want)
			}
		})
	}
}
