package notify

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Slack answers 429 with Retry-After: 7. Nothing is sent for 7 seconds,
// then the story goes, once.
func TestRateLimitedRetryAfter(t *testing.T) {
	rec, srv := newRecorder(t, reply{code: 429, body: "rate_limited", header: map[string]string{"Retry-After": "7"}}, reply{code: 200, body: "ok"})
	h := newHarness(t, Target{Name: "staff", Kind: KindSlack, URL: Secret(srv.URL + "/services/T/B/X")})
	save(t, h.st, start, story("moe", 1, start))
	h.step()
	if s := h.n.Status()[0]; h.obs.get("staff rate_limited") != 1 || !s.NextAttempt.Equal(start.Add(7*time.Second)) {
		t.Fatalf("after a 429: %+v, %v", s, h.obs.n)
	}
	h.clk.add(6 * time.Second)
	h.step()
	if rec.count() != 1 {
		t.Fatalf("sent before Retry-After passed: %d requests", rec.count())
	}
	h.clk.add(time.Second)
	h.step()
	h.step()
	if rec.count() != 2 || h.obs.get("staff sent") != 1 {
		t.Fatalf("%d requests, %v; want the story sent once after the wait", rec.count(), h.obs.n)
	}
}

// A webhook that is down (503, then a timeout-free refusal) gets its
// backlog in order when it is back, each story once.
func TestDownThenUp(t *testing.T) {
	rec, srv := newRecorder(t, reply{code: 503, body: "upstream down"}, reply{code: 502}, reply{code: 204})
	h := newHarness(t, Target{Name: "cms", Kind: KindWebhook, URL: Secret(srv.URL + "/in"), Key: "k"})
	for i := 1; i <= 3; i++ {
		save(t, h.st, start, story("jyt", i, start.Add(time.Duration(i)*time.Minute)))
	}
	h.step() // 503
	if s := h.n.Status()[0]; s.Backlog != 3 || s.ConsecutiveErrors != 1 || !strings.Contains(s.LastError, "HTTP 503") {
		t.Fatalf("status %+v", s)
	}
	h.clk.add(30 * time.Second)
	h.step() // 502: the wait doubles
	if s := h.n.Status()[0]; !s.NextAttempt.Equal(h.clk.now().Add(time.Minute)) {
		t.Fatalf("second failure: next attempt %v, want a minute on", s.NextAttempt)
	}
	h.clk.add(time.Minute)
	h.step() // back
	h.step()
	if rec.count() != 5 {
		t.Fatalf("%d requests, want 2 failures and 3 stories", rec.count())
	}
	for i, want := range []string{"jyt-001", "jyt-002", "jyt-003"} {
		var fi feedItem
		if err := json.Unmarshal(rec.bodies[2+i], &fi); err != nil || !strings.Contains(fi.URL, want) {
			t.Errorf("delivery %d = %s, want %s", i, rec.bodies[2+i], want)
		}
	}
	if s := h.n.Status()[0]; s.Backlog != 0 || s.ConsecutiveErrors != 0 || s.LastError != "" || s.Delivered != 3 {
		t.Errorf("status after recovery %+v", s)
	}
}

// DingTalk takes 20 messages a minute per robot. Stories arriving one at
// a time go one message each until the window is full; the rest wait and
// then go batched into one message, in order.
func TestRateLimitBatches(t *testing.T) {
	rec, srv := newRecorder(t, reply{code: 200, body: `{"errcode":0,"errmsg":"ok"}`})
	h := newHarness(t, Target{Name: "ding", Kind: KindDingTalk, URL: Secret(srv.URL + "/robot/send?access_token=t")})
	for i := 1; i <= 25; i++ {
		save(t, h.st, start, story("jyt", i, start))
		h.step()
		h.clk.add(time.Second)
	}
	if rec.count() != 20 {
		t.Fatalf("%d messages within a minute, want 20", rec.count())
	}
	h.clk.add(40 * time.Second)
	h.step()
	if rec.count() != 21 {
		t.Fatalf("%d messages, want 21: the five waiting go as one", rec.count())
	}
	text := rec.body(t, 20)["markdown"].(map[string]any)["text"].(string)
	last := -1
	for i := 21; i <= 25; i++ {
		at := strings.Index(text, "jyt-0"+string(rune('0'+i/10))+string(rune('0'+i%10)))
		if at < 0 || at < last {
			t.Fatalf("batch lacks story %d or is out of order:\n%s", i, text)
		}
		last = at
	}
	if s := h.n.Status()[0]; s.Delivered != 25 || s.Backlog != 0 {
		t.Errorf("status %+v", s)
	}
}

// Thirty stories at once go as three messages of ten, not thirty.
func TestManyAtOnceBatched(t *testing.T) {
	rec, srv := newRecorder(t, reply{code: 200, body: `{"errcode":0,"errmsg":"ok"}`})
	h := newHarness(t, Target{Name: "wx", Kind: KindWeCom, URL: Secret(srv.URL + "/send?key=k")})
	for i := 1; i <= 30; i++ {
		save(t, h.st, start, story("jyt", i, start))
	}
	h.step()
	if rec.count() != 3 || h.n.Status()[0].Delivered != 30 {
		t.Fatalf("%d messages for 30 stories, want 3", rec.count())
	}
}

// Stories stored before a target was added are not sent to it.
func TestNewTargetSkipsArchive(t *testing.T) {
	rec, srv := newRecorder(t, reply{code: 204})
	st := openStore(t)
	save(t, st, start, story("jyt", 1, start), story("jyt", 2, start))
	n, err := New(Options{Store: st, Now: func() time.Time { return start }},
		[]Target{{Name: "late", Kind: KindWebhook, URL: Secret(srv.URL), Key: "k", Title: "t"}})
	if err != nil {
		t.Fatal(err)
	}
	n.Step(t.Context())
	save(t, st, start, story("jyt", 3, start))
	n.Step(t.Context())
	if rec.count() != 1 || !strings.Contains(string(rec.bodies[0]), "jyt-003") {
		t.Fatalf("%d requests; want only the story stored after the target", rec.count())
	}
}

// The selection keeps to tags, sources and patterns.
func TestSelection(t *testing.T) {
	rec, srv := newRecorder(t, reply{code: 204})
	h := newHarness(t, Target{Name: "sel", Kind: KindWebhook, URL: Secret(srv.URL), Key: "k",
		Select: Selection{Sources: []string{"jyt"}, Tags: []string{"policy"}, Exclude: []string{"招聘"}}})
	a := story("jyt", 1, start)
	b := story("moe", 2, start) // another source
	c := story("jyt", 3, start)
	c.Tags = []string{"sports"} // another tag
	d := story("jyt", 4, start)
	d.Title = "2026年公开招聘教师公告" // excluded
	save(t, h.st, start, a, c, d)
	save(t, h.st, start, b)
	h.step()
	if rec.count() != 1 || !strings.Contains(string(rec.bodies[0]), "jyt-001") {
		t.Fatalf("%d requests: %q", rec.count(), rec.bodies)
	}
}

// A robot that does not answer within the client's timeout is retried, and
// the story goes once it answers.
func TestTimeoutRetried(t *testing.T) {
	hang := make(chan struct{})
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		if calls.Add(1) == 1 {
			<-hang
			return
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	defer srv.Close()
	defer close(hang) // before Close, which waits for the handler
	clk := &clock{t: start}
	st := openStore(t)
	n, err := New(Options{Store: st, Now: clk.now, Client: &http.Client{Timeout: 100 * time.Millisecond}},
		[]Target{{Name: "slow", Kind: KindWeCom, URL: Secret(srv.URL + "/send?key=k"), Title: "t"}})
	if err != nil {
		t.Fatal(err)
	}
	n.Step(t.Context())
	save(t, st, start, story("jyt", 1, start))
	n.Step(t.Context())
	if s := n.Status()[0]; s.ConsecutiveErrors != 1 || !strings.Contains(s.LastError, "Timeout") {
		t.Fatalf("after a timeout: %+v", s)
	}
	clk.add(30 * time.Second)
	n.Step(t.Context())
	if s := n.Status()[0]; s.Delivered != 1 || s.LastError != "" || calls.Load() != 2 {
		t.Fatalf("after the retry: %+v, %d calls", s, calls.Load())
	}
}
