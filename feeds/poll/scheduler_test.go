package poll

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
)

// gate is a fetch that reports each entry and blocks until released (or
// its context ends), tracking how many fetches run at once, in all and per
// host.
type gate struct {
	entered chan string
	release chan struct{}

	mu               sync.Mutex
	running, maxAll  int
	perHost, maxHost map[string]int
	ctxErrs          []error
}

func newGate(n int) *gate {
	return &gate{
		entered: make(chan string, n),
		release: make(chan struct{}),
		perHost: map[string]int{},
		maxHost: map[string]int{},
	}
}

func (g *gate) fetch(ctx context.Context, req fetch.Request) (*fetch.Response, error) {
	u, _ := url.Parse(req.URL)
	g.mu.Lock()
	g.running++
	g.maxAll = max(g.maxAll, g.running)
	g.perHost[u.Host]++
	g.maxHost[u.Host] = max(g.maxHost[u.Host], g.perHost[u.Host])
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.running--
		g.perHost[u.Host]--
		g.mu.Unlock()
	}()

	g.entered <- req.Source
	select {
	case <-g.release:
	case <-ctx.Done():
	}
	g.mu.Lock()
	g.ctxErrs = append(g.ctxErrs, ctx.Err())
	g.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &fetch.Response{NotModified: true}, nil
}

func TestConcurrencyCaps(t *testing.T) {
	tests := []struct {
		concurrency, perHost int
		wantAll, wantHost    int // the most that can run at once with 2 hosts
	}{
		{concurrency: 3, perHost: 2, wantAll: 3, wantHost: 2},
		{concurrency: 8, perHost: 2, wantAll: 4, wantHost: 2},
		{concurrency: 1, perHost: 2, wantAll: 1, wantHost: 1},
		{concurrency: 8, perHost: 1, wantAll: 2, wantHost: 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("concurrency=%d,perHost=%d", tt.concurrency, tt.perHost), func(t *testing.T) {
			g := newGate(20)
			env := newEnv(t, g.fetch, feedOf(twoItems), func(o *Options) {
				o.Concurrency, o.PerHost = tt.concurrency, tt.perHost
			})
			var srcs []feeds.Source
			for i := range 20 {
				host := []string{"a.example", "b.example"}[i%2]
				srcs = append(srcs, source(fmt.Sprintf("s%02d", i), fmt.Sprintf("https://%s/feed/%d", host, i)))
			}
			done := make(chan []Result)
			go func() { done <- env.s.PollAll(context.Background(), srcs) }()
			// Wait until the caps are full, then let everything through.
			for range tt.wantAll {
				<-g.entered
			}
			close(g.release)
			results := <-done

			for _, r := range results {
				if r.Err != nil {
					t.Errorf("%s: %v", r.Source, r.Err)
				}
			}
			if n := len(env.fetch.requests()); n != 20 {
				t.Errorf("%d fetches, want 20", n)
			}
			if g.maxAll != tt.wantAll {
				t.Errorf("at most %d fetches ran at once, want exactly %d", g.maxAll, tt.wantAll)
			}
			busiest := 0
			for host, n := range g.maxHost {
				if n > tt.perHost {
					t.Errorf("host %s: %d fetches at once, over the cap of %d", host, n, tt.perHost)
				}
				busiest = max(busiest, n)
			}
			if busiest != tt.wantHost {
				t.Errorf("busiest host had at most %d fetches at once, want exactly %d", busiest, tt.wantHost)
			}
		})
	}
}

func TestScheduledPollSkipsWhileRunning(t *testing.T) {
	g := newGate(4)
	env := newEnv(t, g.fetch, feedOf(twoItems), nil)
	src := source("moe", "https://www.moe.gov.cn/rss.xml")
	if err := env.s.Start(context.Background(), []feeds.Source{src}); err != nil {
		t.Fatal(err)
	}
	<-g.entered // the start-up poll is fetching

	runTick(t, env.s, src) // a cron tick: must return at once
	if res := env.s.Poll(context.Background(), src); !errors.Is(res.Err, ErrAlreadyRunning) {
		t.Errorf("Poll during a scheduled poll: Err = %v, want ErrAlreadyRunning", res.Err)
	}
	close(g.release)
	env.s.Stop(time.Hour)
	if n := len(env.fetch.requests()); n != 1 {
		t.Errorf("%d fetches, want 1 (overlapping polls must be skipped)", n)
	}
}

func TestCronJobPolls(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	env.store.saved = make(chan string, 4)
	src := source("moe", "https://www.moe.gov.cn/rss.xml")
	if err := env.s.Start(context.Background(), []feeds.Source{src}); err != nil {
		t.Fatal(err)
	}
	<-env.store.saved // start-up poll saved; wait for it to let go of the source
	lock := env.s.locks.get("moe")
	lock.Lock()
	n := len(env.fetch.requests())
	lock.Unlock()
	if n != 1 {
		t.Fatalf("%d fetches after Start, want 1", n)
	}

	// Run the job cron would run on a tick.
	env.s.mu.Lock()
	job := env.s.cron.Entry(env.s.entries["moe"].g.id).Job
	env.s.mu.Unlock()
	job.Run() // queues the poll for a worker
	<-env.store.saved
	if n := len(env.fetch.requests()); n != 2 {
		t.Errorf("%d fetches after one tick, want 2", n)
	}

	env.s.Stop(time.Hour)
	job.Run() // a tick that fires during shutdown
	if n := len(env.fetch.requests()); n != 2 {
		t.Errorf("a tick after Stop fetched: %d fetches, want 2", n)
	}
}

func TestStopCancelsAfterGrace(t *testing.T) {
	g := newGate(1)
	env := newEnv(t, g.fetch, feedOf(twoItems), nil)
	env.store.states["moe"] = feeds.SourceState{Name: "moe", ConsecutiveErrors: 1}
	if err := env.s.Start(context.Background(), []feeds.Source{source("moe", "https://www.moe.gov.cn/rss.xml")}); err != nil {
		t.Fatal(err)
	}
	<-g.entered
	// The fetch never finishes on its own: Stop must cancel it and return.
	env.s.Stop(time.Millisecond)
	if len(g.ctxErrs) != 1 || !errors.Is(g.ctxErrs[0], context.Canceled) {
		t.Errorf("fetch saw ctx errors %v, want one context.Canceled", g.ctxErrs)
	}
	if st := env.store.state("moe"); st.ConsecutiveErrors != 1 {
		t.Errorf("shutdown counted as a source error: %+v", st)
	}
	if err := env.s.Update(nil); !errors.Is(err, ErrStopped) {
		t.Errorf("Update after Stop = %v, want ErrStopped", err)
	}
	if !env.s.NextRun("moe").IsZero() {
		t.Error("NextRun after Stop is not zero")
	}
	if all := env.s.NextRuns(nil); all != nil {
		t.Errorf("NextRuns after Stop = %v, want none", all)
	}
	env.s.Stop(0) // a second Stop returns at once
}

func TestStopWaitsForRunningPoll(t *testing.T) {
	g := newGate(1)
	env := newEnv(t, g.fetch, feedOf(twoItems), nil)
	if err := env.s.Start(context.Background(), []feeds.Source{source("moe", "https://www.moe.gov.cn/rss.xml")}); err != nil {
		t.Fatal(err)
	}
	<-g.entered
	stopped := make(chan struct{})
	go func() {
		env.s.Stop(time.Hour)
		close(stopped)
	}()
	close(g.release)
	<-stopped
	if len(g.ctxErrs) != 1 || g.ctxErrs[0] != nil {
		t.Errorf("fetch saw ctx errors %v, want the poll to finish uncancelled within the grace", g.ctxErrs)
	}
	if st := env.store.state("moe"); !st.LastSuccess.Equal(testNow) {
		t.Errorf("state = %+v, want the poll's success recorded", st)
	}
}

// stopReleasing stops env's scheduler, letting g's fetches return once
// Stop has begun, and returns when Stop does.
func stopReleasing(env *testEnv, g *gate) {
	stopped := make(chan struct{})
	go func() {
		env.s.Stop(time.Hour)
		close(stopped)
	}()
	<-env.s.quit
	close(g.release)
	<-stopped
}

func TestStopAbandonsPollsWaitingForASlot(t *testing.T) {
	g := newGate(2)
	env := newEnv(t, g.fetch, feedOf(twoItems), func(o *Options) { o.Concurrency = 1 })
	srcs := []feeds.Source{source("a", "https://a.example/rss"), source("b", "https://b.example/rss")}
	if err := env.s.Start(context.Background(), srcs); err != nil {
		t.Fatal(err)
	}
	first := <-g.entered // the other start-up poll waits for the only slot
	// Once Stop has closed quit, the waiting poll must give up rather than
	// start a fetch during shutdown, even when a slot frees.
	stopReleasing(env, g)
	reqs := env.fetch.requests()
	if len(reqs) != 1 || reqs[0].Source != first {
		t.Errorf("fetches = %+v, want only %q", reqs, first)
	}
}

func TestStartPollsEnabledOnce(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	env.store.saved = make(chan string, 8)
	off := source("off", "https://off.example/rss")
	off.Enabled = false
	srcs := []feeds.Source{source("a", "https://a.example/rss"), off, source("b", "https://b.example/rss")}
	if err := env.s.Start(context.Background(), srcs); err != nil {
		t.Fatal(err)
	}
	got := []string{<-env.store.saved, <-env.store.saved}
	slices.Sort(got)
	if !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("start-up polls saved %v, want a and b", got)
	}
	if env.s.NextRun("a").IsZero() || env.s.NextRun("b").IsZero() {
		t.Error("enabled sources have no next run")
	}
	if !env.s.NextRun("off").IsZero() || !env.s.NextRun("nope").IsZero() {
		t.Error("disabled or unknown source has a next run")
	}
	if err := env.s.Start(context.Background(), srcs); err == nil {
		t.Error("second Start succeeded")
	}
	env.s.Stop(time.Hour)
	var names []string
	for _, r := range env.fetch.requests() {
		names = append(names, r.Source)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"a", "b"}) {
		t.Errorf("fetched %v, want a and b once each", names)
	}
}

func TestStartRejectsBadSchedules(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	bad := source("bad", "https://bad.example/rss")
	bad.Schedule = "TZ=Asia/Shanghai"
	dup := source("a", "https://a2.example/rss")
	err := env.s.Start(context.Background(), []feeds.Source{source("a", "https://a.example/rss"), bad, dup})
	if !errors.Is(err, ErrInvalidSchedule) {
		t.Fatalf("Start = %v, want ErrInvalidSchedule", err)
	}
	if n := len(env.fetch.requests()); n != 0 {
		t.Errorf("a failed Start fetched %d times", n)
	}
	env.s.Stop(0)
}

func TestUpdate(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	env.store.saved = make(chan string, 8)
	a, b := source("a", "https://a.example/rss"), source("b", "https://b.example/rss")
	a.Schedule, b.Schedule = "@daily", "@daily"
	if err := env.s.Start(context.Background(), []feeds.Source{a, b}); err != nil {
		t.Fatal(err)
	}
	<-env.store.saved
	<-env.store.saved
	bEntry := env.s.entries["b"]

	// Reload: a is removed, b is unchanged, c is new, d is disabled.
	c := source("c", "https://c.example/rss")
	c.Schedule = "30 * * * *"
	d := source("d", "https://d.example/rss")
	d.Enabled = false
	b2 := b
	b2.Location, _ = time.LoadLocation("UTC") // equal zone, distinct value
	if err := env.s.Update([]feeds.Source{b2, c, d}); err != nil {
		t.Fatal(err)
	}
	if got := <-env.store.saved; got != "c" {
		t.Errorf("after Update, %q was polled, want the new source c", got)
	}
	if !env.s.NextRun("a").IsZero() {
		t.Error("removed source a still has a next run")
	}
	if next := env.s.NextRun("c"); next.IsZero() || next.Minute() != 30 {
		t.Errorf("NextRun(c) = %v, want minute 30", next)
	}
	if !env.s.NextRun("d").IsZero() {
		t.Error("disabled source d has a next run")
	}
	if env.s.entries["b"] != bEntry {
		t.Error("unchanged source b got a new entry")
	}

	// Change b's schedule: new entry, no immediate poll.
	b3 := b2
	b3.Schedule = "15 * * * *"
	if err := env.s.Update([]feeds.Source{b3, c}); err != nil {
		t.Fatal(err)
	}
	if next := env.s.NextRun("b"); next.IsZero() || next.Minute() != 15 {
		t.Errorf("NextRun(b) after a schedule change = %v, want minute 15", next)
	}
	if n := len(env.s.cron.Entries()); n != 2 {
		t.Errorf("%d cron entries, want 2", n)
	}
	if err := env.s.Update([]feeds.Source{source("x", "https://x.example/rss"), {Name: "y", Enabled: true, Schedule: "@every 1s"}}); !errors.Is(err, ErrInvalidSchedule) {
		t.Errorf("Update with a bad schedule = %v, want ErrInvalidSchedule", err)
	}
	if !env.s.NextRun("x").IsZero() {
		t.Error("a failed Update changed the entries")
	}
	env.s.Stop(time.Hour)

	var names []string
	for _, r := range env.fetch.requests() {
		names = append(names, r.Source)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"a", "b", "c"}) {
		t.Errorf("fetched %v, want a, b, c once each", names)
	}
}

func TestNewDefaults(t *testing.T) {
	s := New(Options{Store: newMemStore()})
	if cap(s.limits.global) != 8 || s.limits.perHost != 2 || s.maxJitter != time.Minute || s.fetcher == nil || s.parser == nil {
		t.Errorf("defaults not applied: global %d, per host %d, jitter %v", cap(s.limits.global), s.limits.perHost, s.maxJitter)
	}
	if s := New(Options{Store: newMemStore(), MaxJitter: -1}); s.maxJitter != 0 {
		t.Errorf("negative MaxJitter gave %v, want jitter off", s.maxJitter)
	}
}

// TestProcessingCap: documents wait on the server, not in memory, while
// the processing slots are busy. With 4 fetch slots, 1 processing slot and
// so 4 saving slots, at most 9 fetched documents exist at once, and one is
// parsed at a time.
func TestProcessingCap(t *testing.T) {
	const polls, concurrency, processing = 12, 4, 1
	var (
		mu                 sync.Mutex
		fetched, maxLive   int // fetched and not yet saved
		parsing, maxParses int
	)
	fetchedOne := make(chan struct{}, polls)
	release := make(chan struct{})
	fetchFn := func(context.Context, fetch.Request) (*fetch.Response, error) {
		mu.Lock()
		fetched++
		maxLive = max(maxLive, fetched)
		mu.Unlock()
		fetchedOne <- struct{}{}
		return &fetch.Response{Body: []byte("<rss/>"), StatusCode: 200}, nil
	}
	parser := parserFunc(func([]byte) (*feeds.Feed, error) {
		mu.Lock()
		parsing++
		maxParses = max(maxParses, parsing)
		mu.Unlock()
		<-release
		mu.Lock()
		parsing--
		mu.Unlock()
		f := twoItems
		return &f, nil
	})
	saved := func() {
		mu.Lock()
		fetched--
		mu.Unlock()
	}
	env := newEnv(t, fetchFn, parser, func(o *Options) {
		o.Concurrency, o.PerHost, o.Processing = concurrency, concurrency, processing
		o.Store = savedHook{o.Store, saved}
	})
	var srcs []feeds.Source
	for i := range polls {
		srcs = append(srcs, source(fmt.Sprintf("s%02d", i), fmt.Sprintf("https://a.example/feed/%d", i)))
	}
	done := make(chan []Result)
	go func() { done <- env.s.PollAll(context.Background(), srcs) }()
	for range concurrency + processing {
		<-fetchedOne
	}
	// Give a missing cap the chance to show: without it the other fetches
	// finish now, while the first document is still being parsed.
	time.Sleep(50 * time.Millisecond)
	close(release)
	for _, r := range <-done {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Source, r.Err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if limit := concurrency + processing + savingPerProcessing*processing; maxLive > limit {
		t.Errorf("%d fetched documents at once, want at most %d", maxLive, limit)
	}
	if maxParses != processing {
		t.Errorf("%d documents parsed at once, want %d", maxParses, processing)
	}
}

// savedHook calls saved once a poll's items are saved, before SavePoll
// returns.
type savedHook struct {
	Store
	saved func()
}

func (h savedHook) SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	defer h.saved()
	return h.Store.SavePoll(items, st, now)
}

func TestByHostInTurn(t *testing.T) {
	var srcs []feeds.Source
	for _, u := range []string{
		"https://a.example/1", "https://a.example/2", "https://a.example/3",
		"https://b.example/1", "file:///srv/x.xml", "https://B.example/2", "https://c.example/1",
	} {
		srcs = append(srcs, source(u, u))
	}
	for _, tc := range []struct {
		which, want []int
	}{
		{[]int{0, 1, 2, 3, 4, 5, 6}, []int{0, 3, 4, 6, 1, 5, 2}},
		// Positions in which: a.example/2 and /3, b.example/1, c.example/1.
		{[]int{1, 2, 3, 6}, []int{0, 2, 3, 1}},
	} {
		if got := byHostInTurn(srcs, tc.which); !slices.Equal(got, tc.want) {
			t.Errorf("order of %v: %v, want %v", tc.which, got, tc.want)
		}
	}
}

// TestProcessingDefault: by default as many documents are worked on at once
// as fetches run, but no more than twice the CPUs: with 64 fetch slots on a
// small machine, 64 documents being cleaned and 256 polls' items waiting to
// be committed would only hold memory.
func TestProcessingDefault(t *testing.T) {
	cpus := runtime.GOMAXPROCS(0)
	for _, concurrency := range []int{1, 2 * cpus, 64 * cpus} {
		s := New(Options{Store: newMemStore(), Concurrency: concurrency})
		want := min(concurrency, 2*cpus)
		if got := cap(s.processing); got != want {
			t.Errorf("concurrency %d on %d CPUs: %d processing slots, want %d", concurrency, cpus, got, want)
		}
		if got := cap(s.saving); got != savingPerProcessing*want {
			t.Errorf("concurrency %d: %d saving slots, want %d", concurrency, got, savingPerProcessing*want)
		}
	}
}

// stateHook calls saving before each SaveState.
type stateHook struct {
	Store
	saving func()
}

func (h stateHook) SaveState(st feeds.SourceState) error {
	h.saving()
	return h.Store.SaveState(st)
}

// TestNotModifiedSavesWithoutProcessingSlot: a 304 has nothing left to work
// on, so it gives its processing slot back before its state is committed;
// holding it, 304s would wait for their commits a few at a time, one
// commit each, instead of sharing one.
func TestNotModifiedSavesWithoutProcessingSlot(t *testing.T) {
	var held []int
	var env *testEnv
	env = newEnv(t, func(context.Context, fetch.Request) (*fetch.Response, error) {
		return &fetch.Response{NotModified: true, StatusCode: 304}, nil
	}, nil, func(o *Options) {
		o.Processing = 1
		o.Store = stateHook{Store: o.Store, saving: func() { held = append(held, len(env.s.processing)) }}
	})
	if res := env.s.Poll(t.Context(), source("moe", "https://www.moe.gov.cn/rss.xml")); res.Err != nil || !res.NotModified {
		t.Fatalf("poll: %+v", res)
	}
	if !slices.Equal(held, []int{0}) {
		t.Errorf("processing slots held while the 304's state was saved: %v, want [0]", held)
	}
}
