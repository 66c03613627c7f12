package metrics

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// sourceCollector keeps the series of every source as plain numbers and
// makes the metrics when scraped. A prometheus Vec keeps a child per label
// set, with its labels, locks and, for a histogram, two sets of buckets:
// 7 KB a source, 142 MB of the daemon's heap at 20,000 sources, where these
// take some 300 bytes (issue 18). What a scrape shows is the same.
type sourceCollector struct {
	polls, items, fetchBytes    *prometheus.Desc
	pollDuration, fetchDuration *prometheus.Desc

	mu      sync.RWMutex
	sources map[string]*sourceSeries
}

// sourceSeries are the series of one source, created together so that every
// result and kind shows as 0 from the first poll on: rate() and alerts then
// see a source's first error, not a series appearing out of nowhere.
type sourceSeries struct {
	mu         sync.Mutex
	results    [len(results)]float64
	other      map[string]float64 // results other than the three (a caller's bug)
	items      [len(kinds)]float64
	fetchBytes float64
	poll       histogram
	fetch      histogram
}

// results and kinds are the label values every source shows, in the order
// of sourceSeries' arrays.
var (
	results = [...]string{ResultOK, ResultNotModified, ResultError}
	kinds   = [...]string{KindNew, KindUpdated, KindMerged, KindFiltered, KindSkipped}
)

// histogram counts observations into fetchBuckets, each in the first bucket
// that holds it (prometheus' buckets count cumulatively; Collect adds up).
type histogram struct {
	counts [len(fetchBuckets)]uint64
	count  uint64
	sum    float64
}

func (h *histogram) observe(v float64) {
	for i, b := range fetchBuckets {
		if v <= b {
			h.counts[i]++
			break
		}
	}
	h.count++
	h.sum += v
}

func (h *histogram) metric(desc *prometheus.Desc, source string) prometheus.Metric {
	buckets := make(map[float64]uint64, len(fetchBuckets))
	var n uint64
	for i, b := range fetchBuckets {
		n += h.counts[i]
		buckets[b] = n
	}
	return prometheus.MustNewConstHistogram(desc, h.count, h.sum, buckets, source)
}

func newSourceCollector() *sourceCollector {
	desc := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(namespace, "", name), help, labels, nil)
	}
	return &sourceCollector{
		polls: desc("polls_total", "Finished polls of a source, by result: ok, not_modified or error.", "source", "result"),
		pollDuration: desc("poll_duration_seconds",
			"Time a whole poll of a source took: fetch, parse, clean and store.", "source"),
		fetchDuration: desc("fetch_duration_seconds",
			"Time to fetch a source's feed document, from the request to its last byte.", "source"),
		fetchBytes: desc("fetch_bytes_total", "Bytes of feed documents fetched from a source, as decoded.", "source"),
		items: desc("items_total",
			"Items seen in polls of a source, by kind: new, updated, merged (already stored from another source), filtered (hidden from the outputs) or skipped (pruned before).",
			"source", "kind"),
		sources: make(map[string]*sourceSeries),
	}
}

// Describe implements prometheus.Collector.
func (c *sourceCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.polls, c.pollDuration, c.fetchDuration, c.fetchBytes, c.items} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *sourceCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for name, s := range c.sources {
		s.mu.Lock()
		for i, r := range results {
			ch <- prometheus.MustNewConstMetric(c.polls, prometheus.CounterValue, s.results[i], name, r)
		}
		for r, v := range s.other {
			ch <- prometheus.MustNewConstMetric(c.polls, prometheus.CounterValue, v, name, r)
		}
		for i, k := range kinds {
			ch <- prometheus.MustNewConstMetric(c.items, prometheus.CounterValue, s.items[i], name, k)
		}
		ch <- prometheus.MustNewConstMetric(c.fetchBytes, prometheus.CounterValue, s.fetchBytes, name)
		ch <- s.poll.metric(c.pollDuration, name)
		ch <- s.fetch.metric(c.fetchDuration, name)
		s.mu.Unlock()
	}
}

// series returns the series of source, creating them on first use.
func (c *sourceCollector) series(source string) *sourceSeries {
	c.mu.RLock()
	s, ok := c.sources[source]
	c.mu.RUnlock()
	if ok {
		return s
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.sources[source]; ok {
		return s
	}
	s = new(sourceSeries)
	c.sources[source] = s
	return s
}

// forget deletes the series of source.
func (c *sourceCollector) forget(source string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.sources, source)
}
