package poll

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
)

var testNow = time.Date(2024, time.July, 23, 10, 0, 0, 0, time.UTC)

// fakeFetcher answers with fn and records every request.
type fakeFetcher struct {
	fn func(ctx context.Context, req fetch.Request) (*fetch.Response, error)

	mu   sync.Mutex
	reqs []fetch.Request
}

func (f *fakeFetcher) Fetch(ctx context.Context, req fetch.Request) (*fetch.Response, error) {
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	return f.fn(ctx, req)
}

func (f *fakeFetcher) requests() []fetch.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fetch.Request(nil), f.reqs...)
}

// body answers every fetch with the same body.
func body(b string) func(context.Context, fetch.Request) (*fetch.Response, error) {
	return func(context.Context, fetch.Request) (*fetch.Response, error) {
		return &fetch.Response{Body: []byte(b), StatusCode: 200, ETag: `"v2"`, LastModified: "Tue, 23 Jul 2024 09:00:00 GMT"}, nil
	}
}

// parserFunc adapts a function to Parser.
type parserFunc func(body []byte) (*feeds.Feed, error)

func (f parserFunc) Parse(body []byte) (*feeds.Feed, error) { return f(body) }

// feedOf parses any body into the given feed.
func feedOf(f feeds.Feed) parserFunc {
	return func([]byte) (*feeds.Feed, error) { return &f, nil }
}

// memStore is an in-memory Store that counts new and unchanged items the
// way the real one does, by id.
type memStore struct {
	mu         sync.Mutex
	states     map[string]feeds.SourceState
	items      map[string]feeds.Item
	savePolls  int
	saveStates int
	saved      chan string // receives the source name of every save, if set
}

func newMemStore() *memStore {
	return &memStore{states: map[string]feeds.SourceState{}, items: map[string]feeds.Item{}}
}

func (m *memStore) State(name string) (feeds.SourceState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.states[name]
	if !ok {
		st.Name = name
	}
	return st, nil
}

func (m *memStore) SaveState(st feeds.SourceState) error {
	m.mu.Lock()
	m.states[st.Name] = st
	m.saveStates++
	m.mu.Unlock()
	m.notify(st.Name)
	return nil
}

func (m *memStore) SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	m.mu.Lock()
	var pr feeds.PollResult
	for _, it := range items {
		if it.ID == "" {
			m.mu.Unlock()
			return pr, errors.New("item without id")
		}
		if _, ok := m.items[it.ID]; ok {
			pr.Unchanged++
			continue
		}
		it.FirstSeen = now
		m.items[it.ID] = it
		pr.New++
		st.ItemCount++
	}
	st.LastResult = pr
	m.states[st.Name] = st
	m.savePolls++
	m.mu.Unlock()
	m.notify(st.Name)
	return pr, nil
}

func (m *memStore) Known(ids []string) (map[string]feeds.Known, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]feeds.Known{}
	for _, id := range ids {
		if it, ok := m.items[id]; ok {
			out[id] = feeds.Known{Title: it.Title, Updated: it.Updated}
		}
	}
	return out, nil
}

func (m *memStore) notify(name string) {
	if m.saved != nil {
		m.saved <- name
	}
}

func (m *memStore) state(name string) feeds.SourceState {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.states[name]
}

func (m *memStore) counts() (savePolls, saveStates int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.savePolls, m.saveStates
}

// logRecorder keeps every log record.
type logRecorder struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecorder) WithGroup(string) slog.Handler            { return l }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, r.Clone())
	return nil
}

// atLeast returns the records at level or above.
func (l *logRecorder) atLeast(level slog.Level) []slog.Record {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []slog.Record
	for _, r := range l.recs {
		if r.Level >= level {
			out = append(out, r)
		}
	}
	return out
}

func attr(r slog.Record, key string) (slog.Value, bool) {
	var v slog.Value
	found := false
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == key {
			v, found = a.Value, true
			return false
		}
		return true
	})
	return v, found
}

type testEnv struct {
	s     *Scheduler
	fetch *fakeFetcher
	store *memStore
	logs  *logRecorder
}

// newEnv builds a Scheduler on fakes with a fixed clock and no jitter;
// tweak may change the options first.
func newEnv(t *testing.T, fetchFn func(context.Context, fetch.Request) (*fetch.Response, error), parser Parser, tweak func(*Options)) *testEnv {
	t.Helper()
	env := &testEnv{fetch: &fakeFetcher{fn: fetchFn}, store: newMemStore(), logs: &logRecorder{}}
	opts := Options{
		Fetcher:   env.fetch,
		Parser:    parser,
		Store:     env.store,
		Logger:    slog.New(env.logs),
		MaxJitter: -1,
		Now:       func() time.Time { return testNow },
	}
	if tweak != nil {
		tweak(&opts)
	}
	env.s = New(opts)
	return env
}

func source(name, url string) feeds.Source {
	return feeds.Source{
		Name:     name,
		URL:      url,
		Schedule: "@every 15m",
		Tags:     []string{"policy"},
		Location: time.UTC,
		Enabled:  true,
	}
}

// runTick runs a scheduled tick of src by hand, without its jitter, on a
// started scheduler: it gives src an entry first, as Start or Update would,
// unless it has one with the same settings.
func runTick(t *testing.T, s *Scheduler, src feeds.Source) {
	t.Helper()
	sched, err := parseSchedule(src.Schedule)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	e, ok := s.entries[src.Name]
	if !ok || !SameSource(*e.src.Load(), src) {
		e = s.add(&src, sched)
	}
	s.mu.Unlock()
	s.runScheduled(e, false)
}
