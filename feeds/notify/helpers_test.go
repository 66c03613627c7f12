package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

var cst = time.FixedZone("CST", 8*60*60)

// start is the fake clock's first reading.
var start = time.Date(2026, 3, 2, 8, 0, 0, 0, cst)

// clock is a fake time the tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "edufeed.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// story is a new story of source src, numbered n.
func story(src string, n int, published time.Time) feeds.Item {
	guid := fmt.Sprintf("%s-%03d", src, n)
	return feeds.Item{
		ID:        feeds.NewID(src, guid),
		Source:    src,
		GUID:      guid,
		Link:      "https://jyt.example.gov.cn/tzgg/" + guid + ".html",
		Title:     fmt.Sprintf("关于做好2026年第%d批教师资格认定工作的通知", n),
		Summary:   "各市、县教育局：现将有关事项通知如下。",
		Content:   "<p>各市、县教育局：现将有关事项通知如下。</p>",
		Published: published,
		DateFrom:  feeds.DateFromFeed,
		Tags:      []string{"policy"},
	}
}

func save(t *testing.T, st *store.Store, now time.Time, items ...feeds.Item) {
	t.Helper()
	if _, err := st.SavePoll(items, feeds.SourceState{Name: items[0].Source, LastSuccess: now}, now); err != nil {
		t.Fatal(err)
	}
}

// recorder is a platform under test: it keeps every request and answers
// with the next of its replies (the last one repeats).
type recorder struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   [][]byte
	replies  []reply
}

type reply struct {
	code   int
	body   string
	header map[string]string
}

func newRecorder(t *testing.T, replies ...reply) (*recorder, *httptest.Server) {
	rec := &recorder{replies: replies}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.requests = append(rec.requests, r)
		rec.bodies = append(rec.bodies, body)
		rp := rec.replies[min(len(rec.requests), len(rec.replies))-1]
		rec.mu.Unlock()
		for k, v := range rp.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(rp.code)
		io.WriteString(w, rp.body)
	}))
	t.Cleanup(srv.Close)
	return rec, srv
}

func (r *recorder) count() int { r.mu.Lock(); defer r.mu.Unlock(); return len(r.requests) }

func (r *recorder) body(t *testing.T, i int) map[string]any {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var m map[string]any
	if err := json.Unmarshal(r.bodies[i], &m); err != nil {
		t.Fatalf("request %d body %q: %v", i, r.bodies[i], err)
	}
	return m
}

// observed counts what the notifier reported, by target and result.
type observed struct {
	mu sync.Mutex
	n  map[string]int
}

func (o *observed) Notified(target, result string, stories int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.n == nil {
		o.n = map[string]int{}
	}
	o.n[target+" "+result]++
}

func (o *observed) get(key string) int { o.mu.Lock(); defer o.mu.Unlock(); return o.n[key] }

// harness is a notifier over a real store with a fake clock.
type harness struct {
	st  *store.Store
	clk *clock
	obs *observed
	n   *Notifier
}

func newHarness(t *testing.T, targets ...Target) *harness {
	t.Helper()
	h := &harness{st: openStore(t), clk: &clock{t: start}, obs: &observed{}}
	for i := range targets {
		if targets[i].Title == "" {
			targets[i].Title = "教育新闻"
		}
		if targets[i].Location == nil {
			targets[i].Location = cst
		}
	}
	n, err := New(Options{Store: h.st, Now: h.clk.now, Observer: h.obs, FeedLink: "http://127.0.0.1:8080/",
		SourceTitle: func(name string) string { return map[string]string{"moe": "教育部", "jyt": "省教育厅"}[name] }}, targets)
	if err != nil {
		t.Fatal(err)
	}
	h.n = n
	// Targets are added before any story, as a running daemon has them.
	h.n.Step(context.Background())
	return h
}

func (h *harness) step() { h.n.Step(context.Background()) }
