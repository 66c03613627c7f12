package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/notify"
	"github.com/edufeed/edufeed/store/postgres"
	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

// TestTwoInstancesNotifyOnce: two instances on one database run the same
// webhook target while stories arrive; the webhook gets every story once.
func TestTwoInstancesNotifyOnce(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var it struct{ ID string }
		if err := json.Unmarshal(body, &it); err != nil || it.ID == "" {
			t.Errorf("webhook body %q: %v", body, err)
		}
		// A slow receiver, so that the other instance steps meanwhile.
		time.Sleep(2 * time.Millisecond)
		mu.Lock()
		seen[it.ID]++
		mu.Unlock()
	}))
	defer srv.Close()

	dsn := pgtest.DSN(t)
	a, b := open(t, dsn), open(t, dsn)
	target := notify.Target{Name: "hook", Kind: notify.KindWebhook, URL: notify.Secret(srv.URL), Key: "k", Title: "t"}
	var ns []*notify.Notifier
	for _, s := range []*postgres.Store{a, b} {
		n, err := notify.New(notify.Options{Store: s, Interval: 2 * time.Millisecond}, []notify.Target{target})
		if err != nil {
			t.Fatal(err)
		}
		n.Step(t.Context()) // the target exists before the stories
		ns = append(ns, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, n := range ns {
		wg.Go(func() { n.Run(ctx) })
	}
	const total = 30
	start := time.Date(2025, 11, 20, 9, 30, 0, 0, time.UTC)
	for i := range total {
		at := start.Add(time.Duration(i) * time.Minute)
		guid := fmt.Sprint(i)
		it := feeds.Item{ID: feeds.NewID("moe", guid), Source: "moe", Title: "通知 " + guid, Link: "https://moe.gov.cn/" + guid + ".html",
			Published: at, Keys: feeds.Keys{GUID: guid}}
		if _, err := a.SavePoll([]feeds.Item{it}, feeds.SourceState{Name: "moe"}, at); err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			n.Wake()
		}
	}
	for i := 0; ; i++ {
		mu.Lock()
		got := len(seen)
		mu.Unlock()
		if got == total {
			break
		}
		if i == 3000 {
			t.Fatalf("%d of %d stories delivered", got, total)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Both keep stepping a while: nothing more may go out.
	time.Sleep(100 * time.Millisecond)
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for id, c := range seen {
		if c != 1 {
			t.Errorf("story %s delivered %d times", id, c)
		}
	}
}
