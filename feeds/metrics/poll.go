package metrics

import (
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// ObservePoll counts one finished poll of source. result is ResultOK,
// ResultNotModified or ResultError; another value is counted under its own
// label, so callers must keep to these three. pr gives the items counted by
// kind; elapsed is the whole poll's duration.
func (m *Metrics) ObservePoll(source, result string, pr feeds.PollResult, elapsed time.Duration) {
	s := m.sources.series(source)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch result {
	case ResultOK:
		s.results[0]++
	case ResultNotModified:
		s.results[1]++
	case ResultError:
		s.results[2]++
	default:
		if s.other == nil {
			s.other = make(map[string]float64)
		}
		s.other[result]++
	}
	for i, n := range [len(kinds)]int{pr.New, pr.Updated, pr.Merged, pr.Filtered, pr.Skipped} {
		add(&s.items[i], n)
	}
	s.poll.observe(elapsed.Seconds())
}

// ObserveFetch records one fetch of source that returned n bytes in elapsed.
func (m *Metrics) ObserveFetch(source string, n int, elapsed time.Duration) {
	s := m.sources.series(source)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fetch.observe(elapsed.Seconds())
	add(&s.fetchBytes, n)
}

// ForgetSource deletes every series of source, for a source that a config
// reload removed, so that label sets do not pile up over reloads. A poll of
// the source still running when it is called counts into series no longer
// exposed, which is what a removed source should get.
func (m *Metrics) ForgetSource(source string) {
	m.sources.forget(source)
}

// add adds n to *c; a negative n (a caller's bug) would make the counter
// go down, so it is dropped.
func add(c *float64, n int) {
	if n > 0 {
		*c += float64(n)
	}
}
