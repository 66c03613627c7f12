package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Run sends what polls store while reloads replace the targets: every
// story reaches the webhook exactly once.
func TestRunWithReloads(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var fi feedItem
		json.Unmarshal(body, &fi)
		mu.Lock()
		seen[fi.ID]++
		mu.Unlock()
	}))
	defer srv.Close()
	st := openStore(t)
	target := Target{Name: "hook", Kind: KindWebhook, URL: Secret(srv.URL), Key: "k", Title: "t"}
	n, err := New(Options{Store: st, Interval: 5 * time.Millisecond}, []Target{target})
	if err != nil {
		t.Fatal(err)
	}
	n.Step(t.Context()) // the target exists before the stories
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { n.Run(ctx); close(done) }()
	const total = 40
	for i := 1; i <= total; i++ {
		save(t, st, start, story("jyt", i, start))
		n.Wake()
		if i%5 == 0 {
			other := target
			other.Title = "reloaded"
			if err := n.Update([]Target{other}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 0; ; i++ {
		mu.Lock()
		got := len(seen)
		mu.Unlock()
		if got == total {
			break
		}
		if i == 2000 {
			t.Fatalf("%d of %d stories delivered", got, total)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	n.Step(context.Background())
	mu.Lock()
	defer mu.Unlock()
	for id, c := range seen {
		if c != 1 {
			t.Errorf("story %s delivered %d times", id, c)
		}
	}
}
