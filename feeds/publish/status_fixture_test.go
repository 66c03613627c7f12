package publish

import (
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// The clock of the status fixtures.
var (
	lastPoll = time.Date(2024, 7, 24, 12, 20, 0, 0, time.UTC)
	nextPoll = time.Date(2024, 7, 24, 12, 50, 0, 0, time.UTC)
)

// statusStates is a store's view of testSources with one source of each
// health: moe-news and edweek ok, gaokao failing (and backing off past its
// next run), local-notices never polled, old-blog disabled after failing.
// retired-site is no longer configured.
func statusStates() []feeds.SourceState {
	return []feeds.SourceState{
		{
			Name: "edweek", LastAttempt: lastPoll, LastSuccess: lastPoll, ItemCount: 1,
			LastResult: feeds.PollResult{NotModified: true}, LastDuration: 120 * time.Millisecond,
		},
		{
			Name: "gaokao", LastAttempt: lastPoll, LastSuccess: lastPoll.Add(-26 * time.Hour),
			LastError:   `source "gaokao": fetch https://gaokao.example.cn/news/rss.xml: unexpected HTTP status 503 Service Unavailable`,
			LastErrorAt: lastPoll, ConsecutiveErrors: 3, BackoffUntil: lastPoll.Add(2 * time.Hour), ItemCount: 1,
			LastDuration: 30 * time.Second,
		},
		{
			Name: "moe-news", LastAttempt: lastPoll, LastSuccess: lastPoll, ItemCount: 2,
			LastResult:   feeds.PollResult{New: 1, Updated: 2, Unchanged: 17, Merged: 1, Skipped: 1, Filtered: 3},
			LastDuration: 1500 * time.Millisecond,
		},
		{Name: "old-blog", LastAttempt: lastPoll.Add(-48 * time.Hour), LastError: `source "old-blog": fetch https://blog.example.com/rss: Get "https://blog.example.com/rss": dial tcp: lookup blog.example.com: no such host`, ConsecutiveErrors: 9},
		{Name: "retired-site", ItemCount: 1},
	}
}

// newStatusHandler serves the test items and sources with statusStates and a
// scheduler that reports nextPoll for every enabled source.
func newStatusHandler() (*Handler, *fakeReader) {
	f := newFake()
	f.states = statusStates()
	h := NewHandler(f, Options{
		Info: testInfo(), Sources: testSources(), Version: "0.1.0",
		NextRuns: everyAt(testSources(), nextPoll),
	})
	return h, f
}
