package poll

import (
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

var errDatabaseLost = errors.New("connection refused")

// lostStore is a store whose database can be lost: while down, every call fails.
type lostStore struct {
	*memStore
	down atomic.Bool
}

func (l *lostStore) State(name string) (feeds.SourceState, error) {
	if l.down.Load() {
		return feeds.SourceState{}, errDatabaseLost
	}
	return l.memStore.State(name)
}

func (l *lostStore) SaveState(st feeds.SourceState) error {
	if l.down.Load() {
		return errDatabaseLost
	}
	return l.memStore.SaveState(st)
}

func (l *lostStore) SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	if l.down.Load() {
		return feeds.PollResult{}, errDatabaseLost
	}
	return l.memStore.SavePoll(items, st, now)
}

// With the store's database lost, a scheduled poll fails and backs off
// although its state cannot be written: the failure is kept in memory,
// holds the next ticks back, and is written over the stored state once the
// database answers; after the backoff the source is polled again.
func TestBackoffWhileStoreLost(t *testing.T) {
	var (
		mu  sync.Mutex
		now = testNow
	)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	lost := &lostStore{memStore: newMemStore()}
	env := newEnv(t, body("<rss/>"), feedOf(feeds.Feed{}), func(o *Options) { o.Store, o.Now = lost, clock })
	startEmpty(t, env)
	src := source("moe", "https://www.moe.gov.cn/rss.xml")
	if err := lost.memStore.SaveState(feeds.SourceState{Name: "moe", ETag: `"v1"`, LastSuccess: testNow.Add(-time.Hour), ItemCount: 7}); err != nil {
		t.Fatal(err)
	}

	lost.down.Store(true)
	runTick(t, env.s, src)
	runTick(t, env.s, src)
	f, ok := env.s.lost.get("moe")
	if !ok || f.errors != 1 || !f.backoffUntil.After(testNow) {
		t.Fatalf("after two ticks with the database lost: failure kept %v %+v, want one failure backing off", ok, f)
	}
	if failed := len(env.logs.atLeast(slog.LevelWarn)); failed != 1 {
		t.Errorf("%d warnings for two ticks, want one failed poll and a tick held back", failed)
	}
	if next := env.s.NextRun("moe"); next.Before(f.backoffUntil) {
		t.Errorf("next run %v, before the backoff %v", next, f.backoffUntil)
	}

	lost.down.Store(false)
	runTick(t, env.s, src)
	st := lost.state("moe")
	if st.ConsecutiveErrors != 1 || !st.BackoffUntil.Equal(f.backoffUntil) || st.ETag != `"v1"` || st.ItemCount != 7 || st.LastError == "" {
		t.Errorf("state written with the database back = %+v; want the failure over the stored state", st)
	}
	if _, ok := env.s.lost.get("moe"); ok {
		t.Error("the failure is still kept after it was written")
	}
	if n := len(env.fetch.requests()); n != 0 {
		t.Errorf("%d fetches before the backoff ended, want 0", n)
	}

	mu.Lock()
	now = f.backoffUntil.Add(time.Second)
	mu.Unlock()
	runTick(t, env.s, src)
	if n := len(env.fetch.requests()); n != 1 {
		t.Fatalf("%d fetches after the backoff, want 1", n)
	}
	if st := lost.state("moe"); st.ConsecutiveErrors != 0 || st.LastSuccess.Before(f.backoffUntil) {
		t.Errorf("state after the poll = %+v, want a success", st)
	}
}
