package poll

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
)

// clock is a fake clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// failWith answers every fetch with err.
func failWith(err error) func(context.Context, fetch.Request) (*fetch.Response, error) {
	return func(context.Context, fetch.Request) (*fetch.Response, error) { return nil, err }
}

// startEmpty starts env's scheduler with no sources, so that tests can run
// scheduled ticks (runScheduled) by hand.
func startEmpty(t *testing.T, env *testEnv) {
	t.Helper()
	if err := env.s.Start(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { env.s.Stop(time.Hour) })
}

// expBound is min(limit, base·2^(n-1)), computed apart from backoffDelay.
func expBound(n int, base, limit time.Duration) time.Duration {
	d := float64(max(base, time.Minute)) * math.Pow(2, float64(n-1))
	if d >= float64(limit) {
		return limit
	}
	return time.Duration(d)
}

func TestBackoffDelay(t *testing.T) {
	tests := []struct {
		base, limit time.Duration
	}{
		{15 * time.Minute, 6 * time.Hour},
		{time.Minute, 6 * time.Hour},
		{time.Hour, time.Hour},
		{24 * time.Hour, 6 * time.Hour}, // base above the cap
		{0, 6 * time.Hour},              // no schedule: base is a minute
		{20 * time.Second, time.Hour},   // below the minimum base
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("base=%v,cap=%v", tt.base, tt.limit), func(t *testing.T) {
			prevLow := time.Duration(0)
			for _, n := range append([]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 63, 64, 100}, math.MaxInt32) {
				d := expBound(n, tt.base, tt.limit)
				got := backoffDelay("moe-news", n, tt.base, tt.limit)
				if got < d/2 || got >= d {
					t.Errorf("n=%d: delay %v, want in [%v, %v)", n, got, d/2, d)
				}
				if got > tt.limit {
					t.Errorf("n=%d: delay %v over the cap %v", n, got, tt.limit)
				}
				if d/2 < prevLow {
					t.Errorf("n=%d: lower bound %v shrank from %v", n, d/2, prevLow)
				}
				prevLow = d / 2
				if again := backoffDelay("moe-news", n, tt.base, tt.limit); again != got {
					t.Errorf("n=%d: not deterministic: %v then %v", n, got, again)
				}
			}
		})
	}

	// Sources failing together spread apart.
	seen := map[time.Duration]bool{}
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		seen[backoffDelay(name, 3, 15*time.Minute, 6*time.Hour)] = true
	}
	if len(seen) < 2 {
		t.Errorf("six sources got %d distinct delays, want them spread", len(seen))
	}
}

func TestFailedPollSetsBackoff(t *testing.T) {
	status := func(code int, ra time.Duration) error {
		return &fetch.StatusError{Code: code, Status: fmt.Sprint(code), RetryAfter: ra}
	}
	year := 365 * 24 * time.Hour
	tests := []struct {
		name       string
		schedule   string
		maxBackoff time.Duration
		prior      int // consecutive errors before this poll
		err        error
		// the backoff must end in [testNow+lo, testNow+hi)
		lo, hi time.Duration
	}{
		{name: "first failure", prior: 0, err: errors.New("connection refused"),
			lo: 7*time.Minute + 30*time.Second, hi: 15 * time.Minute},
		{name: "second failure doubles", prior: 1, err: status(500, 0),
			lo: 15 * time.Minute, hi: 30 * time.Minute},
		{name: "fifth failure", prior: 4, err: status(502, 0),
			lo: 2 * time.Hour, hi: 4 * time.Hour},
		{name: "capped", prior: 9, err: status(500, 0),
			lo: 3 * time.Hour, hi: 6 * time.Hour},
		{name: "long streak stays capped", prior: 1 << 40, err: status(500, 0),
			lo: 3 * time.Hour, hi: 6 * time.Hour},
		{name: "custom cap", maxBackoff: time.Hour, prior: 9, err: status(500, 0),
			lo: 30 * time.Minute, hi: time.Hour},
		{name: "daily schedule", schedule: "@daily", prior: 0, err: status(500, 0),
			lo: 3 * time.Hour, hi: 6 * time.Hour},
		{name: "429 Retry-After longer than backoff", prior: 0, err: status(429, 2*time.Hour),
			lo: 2 * time.Hour, hi: 2*time.Hour + 1},
		{name: "503 Retry-After of a year capped", prior: 0, err: status(503, year),
			lo: 6 * time.Hour, hi: 6*time.Hour + 1},
		{name: "Retry-After capped by custom cap", maxBackoff: time.Hour, prior: 0, err: status(429, year),
			lo: time.Hour, hi: time.Hour + 1},
		{name: "wrapped status error", prior: 0, err: fmt.Errorf("source %q: fetch x: %w", "moe", status(429, 3*time.Hour)),
			lo: 3 * time.Hour, hi: 3*time.Hour + 1},
		{name: "Retry-After shorter than backoff", prior: 9, err: status(429, time.Minute),
			lo: 3 * time.Hour, hi: 6 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t, failWith(tt.err), feedOf(twoItems), func(o *Options) { o.MaxBackoff = tt.maxBackoff })
			env.store.states["moe"] = feeds.SourceState{Name: "moe", ConsecutiveErrors: tt.prior}
			src := source("moe", "https://www.moe.gov.cn/rss.xml")
			if tt.schedule != "" {
				src.Schedule = tt.schedule
			}
			if res := env.s.Poll(context.Background(), src); res.Err == nil {
				t.Fatal("Poll succeeded, want the fetch error")
			}
			st := env.store.state("moe")
			if st.ConsecutiveErrors != tt.prior+1 {
				t.Errorf("ConsecutiveErrors = %d, want %d", st.ConsecutiveErrors, tt.prior+1)
			}
			if got := st.BackoffUntil.Sub(testNow); got < tt.lo || got >= tt.hi {
				t.Errorf("BackoffUntil = now+%v, want in [now+%v, now+%v)", got, tt.lo, tt.hi)
			}
		})
	}
}

func TestCancelledPollSetsNoBackoff(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	env := newEnv(t, func(ctx context.Context, _ fetch.Request) (*fetch.Response, error) {
		cancel()
		return nil, ctx.Err()
	}, feedOf(twoItems), nil)
	env.s.Poll(ctx, source("moe", "https://www.moe.gov.cn/rss.xml"))
	if st := env.store.state("moe"); !st.BackoffUntil.IsZero() || st.ConsecutiveErrors != 0 {
		t.Errorf("our own cancel backed the source off: %+v", st)
	}
}

func TestScheduledTicksHeldBack(t *testing.T) {
	hold := testNow.Add(2 * time.Hour)
	tests := []struct {
		name      string
		state     feeds.SourceState
		at        time.Time
		manual    bool // Poll instead of a scheduled tick
		wantFetch bool
	}{
		{name: "no hold", at: testNow, wantFetch: true},
		{name: "backing off", state: feeds.SourceState{ConsecutiveErrors: 3, BackoffUntil: hold},
			at: hold.Add(-time.Second)},
		{name: "backoff just over", state: feeds.SourceState{ConsecutiveErrors: 3, BackoffUntil: hold},
			at: hold, wantFetch: true},
		{name: "backoff long over", state: feeds.SourceState{ConsecutiveErrors: 3, BackoffUntil: hold},
			at: hold.Add(time.Hour), wantFetch: true},
		{name: "cache hint", state: feeds.SourceState{NextPollAfter: hold},
			at: hold.Add(-time.Minute)},
		{name: "cache hint over", state: feeds.SourceState{NextPollAfter: hold},
			at: hold, wantFetch: true},
		{name: "hint over, backoff not", state: feeds.SourceState{NextPollAfter: testNow, BackoffUntil: hold},
			at: hold.Add(-time.Minute)},
		{name: "backoff over, hint not", state: feeds.SourceState{NextPollAfter: hold, BackoffUntil: testNow},
			at: hold.Add(-time.Minute)},
		{name: "manual poll ignores backoff", state: feeds.SourceState{ConsecutiveErrors: 3, BackoffUntil: hold},
			at: testNow, manual: true, wantFetch: true},
		{name: "manual poll ignores cache hint", state: feeds.SourceState{NextPollAfter: hold},
			at: testNow, manual: true, wantFetch: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &clock{t: tt.at}
			env := newEnv(t, body("<rss/>"), feedOf(twoItems), func(o *Options) { o.Now = clk.Now })
			startEmpty(t, env)
			st := tt.state
			st.Name = "moe"
			env.store.states["moe"] = st
			src := source("moe", "https://www.moe.gov.cn/rss.xml")

			if tt.manual {
				if res := env.s.Poll(context.Background(), src); res.Err != nil {
					t.Fatalf("Poll: %v", res.Err)
				}
			} else {
				runTick(t, env.s, src)
			}

			fetched := len(env.fetch.requests()) == 1
			if fetched != tt.wantFetch {
				t.Fatalf("fetched = %v, want %v", fetched, tt.wantFetch)
			}
			savePolls, saveStates := env.store.counts()
			if !tt.wantFetch {
				if savePolls+saveStates != 0 {
					t.Errorf("a skipped tick wrote state (%d polls, %d states)", savePolls, saveStates)
				}
				if got := env.store.state("moe"); got != st {
					t.Errorf("state changed on a skipped tick: %+v", got)
				}
				if !loggedSkip(env.logs) {
					t.Error("no debug line for the skipped tick")
				}
				return
			}
			got := env.store.state("moe")
			if got.ConsecutiveErrors != 0 || !got.BackoffUntil.IsZero() || !got.NextPollAfter.IsZero() {
				t.Errorf("state after a success = %+v, want errors, backoff and hint cleared", got)
			}
		})
	}
}

func loggedSkip(l *logRecorder) bool {
	for _, r := range l.atLeast(slog.LevelDebug) {
		if r.Level == slog.LevelDebug && r.Message == "poll skipped: source held back" {
			return true
		}
	}
	return false
}

// TestBackoffNeverParks fails a source many times over, ticking at the end
// of each backoff, then lets it succeed: it must be polled at every such
// tick, wait longer each time up to the cap, and return to its schedule.
func TestBackoffNeverParks(t *testing.T) {
	clk := &clock{t: testNow}
	errDown := &fetch.StatusError{Code: 503, Status: "503 Service Unavailable"}
	failing := true
	env := newEnv(t, func(context.Context, fetch.Request) (*fetch.Response, error) {
		if failing {
			return nil, errDown
		}
		return &fetch.Response{Body: []byte("<rss/>"), StatusCode: 200}, nil
	}, feedOf(twoItems), func(o *Options) { o.Now = clk.Now })
	startEmpty(t, env)
	src := source("moe", "https://www.moe.gov.cn/rss.xml")
	const maxBackoff = 6 * time.Hour

	runTick(t, env.s, src)
	prev := time.Duration(0)
	for n := 1; n <= 30; n++ {
		st := env.store.state("moe")
		if st.ConsecutiveErrors != n {
			t.Fatalf("after failure %d: ConsecutiveErrors = %d", n, st.ConsecutiveErrors)
		}
		delay := st.BackoffUntil.Sub(clk.Now())
		if delay <= 0 || delay > maxBackoff {
			t.Fatalf("failure %d: delay %v, want in (0, %v]", n, delay, maxBackoff)
		}
		if delay <= prev && prev < maxBackoff/2 {
			t.Errorf("failure %d: delay %v did not grow from %v", n, delay, prev)
		}
		prev = delay

		fetches := len(env.fetch.requests())
		clk.Set(st.BackoffUntil.Add(-time.Second))
		runTick(t, env.s, src)
		if len(env.fetch.requests()) != fetches {
			t.Fatalf("failure %d: a tick before the backoff ended fetched", n)
		}
		clk.Set(st.BackoffUntil)
		if n == 30 {
			failing = false
		}
		runTick(t, env.s, src)
		if len(env.fetch.requests()) != fetches+1 {
			t.Fatalf("failure %d: the tick at the end of the backoff did not fetch", n)
		}
	}
	if prev < maxBackoff/2 {
		t.Errorf("after 30 failures the delay is %v, want it near the cap", prev)
	}
	st := env.store.state("moe")
	if st.ConsecutiveErrors != 0 || !st.BackoffUntil.IsZero() || st.LastError != "" {
		t.Fatalf("after a success: %+v, want the backoff cleared", st)
	}
	// Back on schedule: the next tick, 15 minutes on, polls.
	fetches := len(env.fetch.requests())
	clk.Set(clk.Now().Add(15 * time.Minute))
	runTick(t, env.s, src)
	if len(env.fetch.requests()) != fetches+1 {
		t.Error("the tick after a success did not poll")
	}
}

func TestManualPollSuccessResetsBackoff(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	env.store.states["moe"] = feeds.SourceState{Name: "moe", ConsecutiveErrors: 7, LastError: "boom",
		BackoffUntil: testNow.Add(5 * time.Hour)}
	if res := env.s.Poll(context.Background(), source("moe", "https://www.moe.gov.cn/rss.xml")); res.Err != nil {
		t.Fatal(res.Err)
	}
	if st := env.store.state("moe"); st.ConsecutiveErrors != 0 || !st.BackoffUntil.IsZero() {
		t.Errorf("state = %+v, want errors and backoff cleared", st)
	}
}

func TestCacheHints(t *testing.T) {
	ok := func(r fetch.Response) fetch.Response { r.StatusCode, r.Body = 200, []byte("<rss/>"); return r }
	notModified := func(r fetch.Response) fetch.Response { r.StatusCode, r.NotModified = 304, true; return r }
	tests := []struct {
		name     string
		schedule string
		maxHint  time.Duration
		prior    feeds.SourceState
		resp     fetch.Response
		ttl      int // the feed's <ttl>, minutes
		want     time.Duration
		wantTTL  time.Duration
	}{
		{name: "no hints", resp: ok(fetch.Response{})},
		{name: "ttl longer than schedule", resp: ok(fetch.Response{}), ttl: 60,
			want: time.Hour, wantTTL: time.Hour},
		{name: "ttl shorter than schedule", resp: ok(fetch.Response{}), ttl: 10, wantTTL: 10 * time.Minute},
		{name: "ttl equal to schedule", resp: ok(fetch.Response{}), ttl: 15, wantTTL: 15 * time.Minute},
		{name: "max-age", resp: ok(fetch.Response{MaxAge: 2 * time.Hour}), want: 2 * time.Hour},
		{name: "short max-age", resp: ok(fetch.Response{MaxAge: 10 * time.Minute})},
		{name: "Expires", resp: ok(fetch.Response{Expires: testNow.Add(3 * time.Hour)}), want: 3 * time.Hour},
		{name: "near Expires", resp: ok(fetch.Response{Expires: testNow.Add(5 * time.Minute)})},
		{name: "longest hint wins", resp: ok(fetch.Response{MaxAge: 2 * time.Hour, Expires: testNow.Add(90 * time.Minute)}), ttl: 30,
			want: 2 * time.Hour, wantTTL: 30 * time.Minute},
		{name: "max-age of two days capped", resp: ok(fetch.Response{MaxAge: 48 * time.Hour}), want: 24 * time.Hour},
		{name: "Expires in a year capped", resp: ok(fetch.Response{Expires: testNow.AddDate(1, 0, 0)}), want: 24 * time.Hour},
		{name: "huge ttl capped", resp: ok(fetch.Response{}), ttl: math.MaxInt,
			want: 24 * time.Hour, wantTTL: 24 * time.Hour},
		{name: "custom cap", maxHint: 3 * time.Hour, resp: ok(fetch.Response{MaxAge: 48 * time.Hour}), want: 3 * time.Hour},
		{name: "hourly schedule ignores 45m max-age", schedule: "@hourly", resp: ok(fetch.Response{MaxAge: 45 * time.Minute})},
		{name: "hourly schedule takes 2h max-age", schedule: "@hourly", resp: ok(fetch.Response{MaxAge: 2 * time.Hour}), want: 2 * time.Hour},
		{name: "304 with max-age", resp: notModified(fetch.Response{MaxAge: 2 * time.Hour}), want: 2 * time.Hour},
		{name: "304 keeps the ttl", prior: feeds.SourceState{TTL: time.Hour}, resp: notModified(fetch.Response{}),
			want: time.Hour, wantTTL: time.Hour},
		{name: "new document drops the old ttl", prior: feeds.SourceState{TTL: time.Hour}, resp: ok(fetch.Response{})},
		{name: "old hint cleared", prior: feeds.SourceState{NextPollAfter: testNow.Add(-time.Minute)}, resp: ok(fetch.Response{})},
		{name: "old hint cleared by a 304", prior: feeds.SourceState{NextPollAfter: testNow.Add(-time.Minute)}, resp: notModified(fetch.Response{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed := twoItems
			feed.TTL = tt.ttl
			env := newEnv(t, func(context.Context, fetch.Request) (*fetch.Response, error) {
				r := tt.resp
				return &r, nil
			}, feedOf(feed), func(o *Options) { o.MaxCacheHint = tt.maxHint })
			prior := tt.prior
			prior.Name = "moe"
			env.store.states["moe"] = prior
			src := source("moe", "https://www.moe.gov.cn/rss.xml")
			if tt.schedule != "" {
				src.Schedule = tt.schedule
			}
			if res := env.s.Poll(context.Background(), src); res.Err != nil {
				t.Fatal(res.Err)
			}
			st := env.store.state("moe")
			want := time.Time{}
			if tt.want > 0 {
				want = testNow.Add(tt.want)
			}
			if !st.NextPollAfter.Equal(want) {
				t.Errorf("NextPollAfter = %v, want %v", st.NextPollAfter, want)
			}
			if st.TTL != tt.wantTTL {
				t.Errorf("TTL = %v, want %v", st.TTL, tt.wantTTL)
			}
		})
	}
}

func TestTickAtOrAfter(t *testing.T) {
	every, err := parseSchedule("@every 15m")
	if err != nil {
		t.Fatal(err)
	}
	hourly, err := parseSchedule("0 * * * *")
	if err != nil {
		t.Fatal(err)
	}
	next := time.Date(2024, time.July, 23, 10, 7, 0, 0, time.UTC)
	tests := []struct {
		name       string
		every      bool
		next, hold time.Time
		want       time.Time
	}{
		{"hold before next", true, next, next.Add(-time.Hour), next},
		{"hold at next", true, next, next, next},
		{"every: on a tick", true, next, next.Add(time.Hour), next.Add(time.Hour)},
		{"every: between ticks", true, next, next.Add(time.Hour + time.Nanosecond), next.Add(75 * time.Minute)},
		{"every: far", true, next, next.Add(6*time.Hour + 20*time.Minute), next.Add(6*time.Hour + 30*time.Minute)},
		{"spec: on a tick", false, next.Add(53 * time.Minute), next.Add(2*time.Hour + 53*time.Minute), next.Add(2*time.Hour + 53*time.Minute)},
		{"spec: between ticks", false, next.Add(53 * time.Minute), next.Add(2 * time.Hour), next.Add(2*time.Hour + 53*time.Minute)},
		{"spec: half a second past", false, next.Add(53 * time.Minute), next.Add(53*time.Minute + time.Hour + 500*time.Millisecond),
			next.Add(53*time.Minute + 2*time.Hour)},
	}
	for _, tt := range tests {
		sched := zoned(hourly, time.UTC)
		if tt.every {
			sched = zoned(every, time.UTC)
		}
		if got := tickAtOrAfter(sched, tt.next, tt.hold); !got.Equal(tt.want) {
			t.Errorf("%s: tickAtOrAfter(%v, %v) = %v, want %v", tt.name, tt.next, tt.hold, got, tt.want)
		}
	}
}

func TestNextRunReflectsHold(t *testing.T) {
	specs := []string{"@every 15m", "0 * * * *", "CRON_TZ=Asia/Shanghai 30 8 * * *"}
	holds := []struct {
		name   string
		jitter bool
		// state is set once the scheduler runs, from the entry's next tick.
		state func(next time.Time) feeds.SourceState
	}{
		{name: "none", state: func(time.Time) feeds.SourceState { return feeds.SourceState{} }},
		{name: "backoff over", state: func(next time.Time) feeds.SourceState {
			return feeds.SourceState{BackoffUntil: next.Add(-time.Hour)}
		}},
		{name: "backoff", state: func(next time.Time) feeds.SourceState {
			return feeds.SourceState{ConsecutiveErrors: 5, BackoffUntil: next.Add(5*time.Hour + 17*time.Minute)}
		}},
		{name: "cache hint", state: func(next time.Time) feeds.SourceState {
			return feeds.SourceState{NextPollAfter: next.Add(23 * time.Hour)}
		}},
		{name: "later of both", state: func(next time.Time) feeds.SourceState {
			return feeds.SourceState{BackoffUntil: next.Add(time.Hour), NextPollAfter: next.Add(3*time.Hour + time.Second)}
		}},
		{name: "jittered", jitter: true, state: func(next time.Time) feeds.SourceState {
			return feeds.SourceState{BackoffUntil: next.Add(3*time.Hour + time.Second)}
		}},
	}
	for _, spec := range specs {
		for _, h := range holds {
			t.Run(spec+"/"+h.name, func(t *testing.T) {
				// The cron clock is the wall clock: put the fake one there
				// too, and hold the start-up poll back.
				now := time.Now()
				env := newEnv(t, body("<rss/>"), feedOf(twoItems), func(o *Options) {
					o.Now = func() time.Time { return now }
					if h.jitter {
						o.MaxJitter = time.Hour
					}
				})
				env.store.states["moe"] = feeds.SourceState{Name: "moe", BackoffUntil: now.Add(1000 * time.Hour)}
				src := source("moe", "https://www.moe.gov.cn/rss.xml")
				src.Schedule = spec
				if err := env.s.Start(context.Background(), []feeds.Source{src}); err != nil {
					t.Fatal(err)
				}
				defer env.s.Stop(time.Hour)

				env.s.mu.Lock()
				e := env.s.entries["moe"]
				next := env.s.cron.Entry(e.g.id).Next
				env.s.mu.Unlock()
				if next.IsZero() {
					t.Fatal("no next tick")
				}
				if h.jitter && e.delay <= 0 {
					t.Fatal("want a jittered source")
				}
				st := h.state(next)
				st.Name = "moe"
				env.store.mu.Lock()
				env.store.states["moe"] = st
				env.store.mu.Unlock()

				// The first tick whose poll (a jitter after it) is not held back.
				want := next
				for want.Add(e.delay).Before(holdUntil(st)) {
					want = e.g.sched.Next(want)
				}
				if got := env.s.NextRun("moe"); !got.Equal(want) {
					t.Errorf("NextRun = %v, want %v (next tick %v, hold %v, jitter %v)", got, want, next, holdUntil(st), e.delay)
				}
				// The status pages' batch: the same answer from the states given.
				all := env.s.NextRuns([]feeds.SourceState{{Name: "gone", BackoffUntil: now.Add(time.Hour)}, st})
				if got := all["moe"]; !got.Equal(want) || len(all) != 1 {
					t.Errorf("NextRuns = %v, want only moe at %v", all, want)
				}
			})
		}
	}
}

func TestBackoffDefaults(t *testing.T) {
	s := New(Options{Store: newMemStore()})
	if s.maxBackoff != 6*time.Hour || s.maxCacheHint != 24*time.Hour {
		t.Errorf("defaults: MaxBackoff %v, MaxCacheHint %v; want 6h and 24h", s.maxBackoff, s.maxCacheHint)
	}
}
