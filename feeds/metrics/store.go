package metrics

import (
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// StoreStats reports the store's file size in bytes and its item count.
type StoreStats func() (sizeBytes int64, items int, err error)

// WatchStore makes every scrape report the store's size and item count as
// stats reads them then, so the values are never stale. stats must be quick
// and safe for concurrent use; a later call replaces an earlier one, and a
// nil stats stops the reports.
func (m *Metrics) WatchStore(stats func() (sizeBytes int64, items int, err error)) {
	if stats == nil {
		m.store.stats.Store(nil)
		return
	}
	f := StoreStats(stats)
	m.store.stats.Store(&f)
}

// storeCollector reads the store's figures at scrape time. It is registered
// once in New, so WatchStore can be called at any time and more than once.
type storeCollector struct {
	stats atomic.Pointer[StoreStats]
	size  *prometheus.Desc
	items *prometheus.Desc
}

func newStoreCollector() *storeCollector {
	return &storeCollector{
		size: prometheus.NewDesc(namespace+"_store_size_bytes",
			"Size of the store's database file in bytes.", nil, nil),
		items: prometheus.NewDesc(namespace+"_store_items",
			"Items the store holds.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.size
	ch <- c.items
}

// Collect implements prometheus.Collector. Before WatchStore it reports
// nothing rather than a misleading zero.
func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	f := c.stats.Load()
	if f == nil {
		return
	}
	size, items, err := (*f)()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.size, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(size))
	ch <- prometheus.MustNewConstMetric(c.items, prometheus.GaugeValue, float64(items))
}
