package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/edufeed/edufeed/feeds"
)

// sourceSeries are the series of one source, created together so that every
// result and kind shows as 0 from the first poll on: rate() and alerts then
// see a source's first error, not a series appearing out of nowhere.
type sourceSeries struct {
	ok, notModified, failed prometheus.Counter

	new, updated, merged, filtered, skipped prometheus.Counter

	pollDuration  prometheus.Observer
	fetchDuration prometheus.Observer
	fetchBytes    prometheus.Counter
}

// ObservePoll counts one finished poll of source. result is ResultOK,
// ResultNotModified or ResultError; another value is counted under its own
// label, so callers must keep to these three. pr gives the items counted by
// kind; elapsed is the whole poll's duration.
func (m *Metrics) ObservePoll(source, result string, pr feeds.PollResult, elapsed time.Duration) {
	s := m.series(source)
	switch result {
	case ResultOK:
		s.ok.Inc()
	case ResultNotModified:
		s.notModified.Inc()
	case ResultError:
		s.failed.Inc()
	default:
		m.polls.WithLabelValues(source, result).Inc()
	}
	add(s.new, pr.New)
	add(s.updated, pr.Updated)
	add(s.merged, pr.Merged)
	add(s.filtered, pr.Filtered)
	add(s.skipped, pr.Skipped)
	s.pollDuration.Observe(elapsed.Seconds())
}

// ObserveFetch records one fetch of source that returned n bytes in elapsed.
func (m *Metrics) ObserveFetch(source string, n int, elapsed time.Duration) {
	s := m.series(source)
	s.fetchDuration.Observe(elapsed.Seconds())
	add(s.fetchBytes, n)
}

// ForgetSource deletes every series of source, for a source that a config
// reload removed, so that label sets do not pile up over reloads. A poll of
// the source still running when it is called counts into series no longer
// exposed, which is what a removed source should get.
func (m *Metrics) ForgetSource(source string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sources, source)
	l := prometheus.Labels{"source": source}
	m.polls.DeletePartialMatch(l)
	m.pollDuration.DeletePartialMatch(l)
	m.fetchDuration.DeletePartialMatch(l)
	m.fetchBytes.DeletePartialMatch(l)
	m.items.DeletePartialMatch(l)
}

// series returns the series of source, creating them on first use.
func (m *Metrics) series(source string) *sourceSeries {
	m.mu.RLock()
	s, ok := m.sources[source]
	m.mu.RUnlock()
	if ok {
		return s
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.sources[source]; ok {
		return s
	}
	s = &sourceSeries{
		ok:            m.polls.WithLabelValues(source, ResultOK),
		notModified:   m.polls.WithLabelValues(source, ResultNotModified),
		failed:        m.polls.WithLabelValues(source, ResultError),
		new:           m.items.WithLabelValues(source, KindNew),
		updated:       m.items.WithLabelValues(source, KindUpdated),
		merged:        m.items.WithLabelValues(source, KindMerged),
		filtered:      m.items.WithLabelValues(source, KindFiltered),
		skipped:       m.items.WithLabelValues(source, KindSkipped),
		pollDuration:  m.pollDuration.WithLabelValues(source),
		fetchDuration: m.fetchDuration.WithLabelValues(source),
		fetchBytes:    m.fetchBytes.WithLabelValues(source),
	}
	m.sources[source] = s
	return s
}

// add adds n to c; a negative n (a caller's bug) would make the counter
// panic, so it is dropped.
func add(c prometheus.Counter, n int) {
	if n > 0 {
		c.Add(float64(n))
	}
}
