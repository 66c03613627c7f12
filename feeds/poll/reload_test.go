package poll

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
)

// pathRecorder is a feed server that counts the requests for each path.
type pathRecorder struct {
	mu   sync.Mutex
	hits map[string]int
}

func (p *pathRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.hits[r.URL.Path]++
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, `<rss version="2.0"><channel><title>t</title></channel></rss>`)
}

func (p *pathRecorder) count(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[path]
}

// jitteredName returns a source name whose jitter under limit, on a 15
// minute schedule, is at least a third of limit, so that a tick really
// waits.
func jitteredName(t *testing.T, limit time.Duration) string {
	t.Helper()
	for i := range 1000 {
		name := fmt.Sprintf("school-%d", i)
		if jitter(name, 15*time.Minute, limit) >= limit/3 {
			return name
		}
	}
	t.Fatal("no name with a long enough jitter")
	return ""
}

// TestJitteredTickAfterReload: a tick that is waiting out its jitter when a
// reload removes its source, or changes the source's URL, fetches nothing:
// the old settings are never polled again.
func TestJitteredTickAfterReload(t *testing.T) {
	const maxJitter = 300 * time.Millisecond
	tests := []struct {
		name   string
		reload func(src feeds.Source, base string) []feeds.Source
	}{
		{name: "removed", reload: func(feeds.Source, string) []feeds.Source { return nil }},
		{name: "url changed", reload: func(src feeds.Source, base string) []feeds.Source {
			src.URL = base + "/new.xml"
			return []feeds.Source{src}
		}},
		{name: "disabled", reload: func(src feeds.Source, _ string) []feeds.Source {
			src.Enabled = false
			return []feeds.Source{src}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &pathRecorder{hits: map[string]int{}}
			srv := httptest.NewServer(rec)
			defer srv.Close()
			env := newEnv(t, nil, feedOf(twoItems), func(o *Options) {
				o.Fetcher = fetch.NewClient(fetch.Options{})
				o.MaxJitter = maxJitter
			})
			env.store.saved = make(chan string, 4)
			src := source(jitteredName(t, maxJitter), srv.URL+"/old.xml")
			src.AllowPrivate = true
			if err := env.s.Start(context.Background(), []feeds.Source{src}); err != nil {
				t.Fatal(err)
			}
			defer env.s.Stop(time.Hour)
			<-env.store.saved // the start-up poll, with no jitter
			env.s.mu.Lock()
			e := env.s.entries[src.Name]
			job := env.s.cron.Entry(e.g.id).Job
			env.s.mu.Unlock()
			if e.delay < maxJitter/3 {
				t.Fatalf("jitter %v, want a real wait", e.delay)
			}

			// A tick fires; while it waits out its jitter, the config is reloaded.
			ticked := make(chan struct{})
			go func() {
				job.Run()
				close(ticked)
			}()
			if err := env.s.Update(tt.reload(src, srv.URL)); err != nil {
				t.Fatal(err)
			}
			<-ticked
			if n := rec.count("/old.xml"); n != 1 {
				t.Errorf("old URL fetched %d times, want once (the start-up poll only)", n)
			}
			if n := rec.count("/new.xml"); n != 0 {
				t.Errorf("new URL fetched %d times by the old entry's tick, want 0", n)
			}
		})
	}
}

// TestJitteredTickEndsOnStop: Stop does not wait out a tick's jitter.
func TestJitteredTickEndsOnStop(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), func(o *Options) { o.MaxJitter = time.Hour })
	env.store.saved = make(chan string, 4)
	src := source(jitteredName(t, 90*time.Second), "https://www.moe.gov.cn/rss.xml")
	if err := env.s.Start(context.Background(), []feeds.Source{src}); err != nil {
		t.Fatal(err)
	}
	<-env.store.saved
	env.s.mu.Lock()
	job := env.s.cron.Entry(env.s.entries[src.Name].g.id).Job
	env.s.mu.Unlock()
	ticked := make(chan struct{})
	go func() {
		job.Run()
		close(ticked)
	}()
	// Stop waits for the tick (it is in the wait group once it entered),
	// and the tick must give up its wait of half a minute or more.
	env.s.Stop(time.Hour)
	<-ticked
	if n := len(env.fetch.requests()); n != 1 {
		t.Errorf("%d fetches, want only the start-up poll", n)
	}
}

// TestStartupSkipIsLogged: a source held back at start-up gets an info
// line naming it and the end of its backoff.
func TestStartupSkipIsLogged(t *testing.T) {
	hold := testNow.Add(3 * time.Hour)
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	env.store.states["moe"] = feeds.SourceState{Name: "moe", ConsecutiveErrors: 4, BackoffUntil: hold}
	if err := env.s.Start(context.Background(), []feeds.Source{source("moe", "https://www.moe.gov.cn/rss.xml")}); err != nil {
		t.Fatal(err)
	}
	// The start-up poll waits in the run queue, and Stop drops what still
	// waits there: wait until a worker has taken it and let go of the source.
	logged := func() bool {
		for _, r := range env.logs.atLeast(slog.LevelInfo) {
			name, _ := attr(r, "source")
			until, _ := attr(r, "until")
			if r.Message == "start-up poll skipped: source held back" && name.String() == "moe" &&
				until.Time().Equal(hold) {
				return true
			}
		}
		return false
	}
	for !logged() && !t.Failed() {
		if n := len(env.fetch.requests()); n != 0 {
			t.Fatalf("%d fetches, want the held-back source skipped; logs: %v", n, env.logs.atLeast(0))
		}
		time.Sleep(time.Millisecond)
	}
	env.s.Stop(time.Hour)
	if n := len(env.fetch.requests()); n != 0 {
		t.Fatalf("%d fetches, want the held-back source skipped", n)
	}
}
