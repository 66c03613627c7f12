// Package metrics keeps the Prometheus metrics of one edufeed process: polls,
// fetches, items, the store and HTTP requests, served at /metrics. It uses a
// registry of its own, not the global default one, so that tests and several
// daemons in one process never collide.
package metrics

import (
	"net/http"
	"runtime"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "edufeed"

// Poll results, the values of the result label of edufeed_polls_total.
const (
	ResultOK          = "ok"
	ResultNotModified = "not_modified"
	ResultError       = "error"
)

// Item kinds, the values of the kind label of edufeed_items_total.
const (
	KindNew      = "new"
	KindUpdated  = "updated"
	KindMerged   = "merged"
	KindFiltered = "filtered"
	KindSkipped  = "skipped"
)

var (
	// Fetches of small feeds take tens of milliseconds; slow ministry
	// servers take seconds, and the fetch timeout caps them near a minute.
	fetchBuckets = [...]float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60}
	// Feeds are served from a cache of rendered bodies, so most requests
	// end within a few milliseconds; a cold render of a big feed takes more.
	httpBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}
)

// Metrics is the set of metrics of one edufeed process. Its methods are safe
// for concurrent use; a nil *Metrics is not valid.
type Metrics struct {
	reg *prometheus.Registry

	// sources holds the series of each source (see sourceCollector).
	sources     *sourceCollector
	requests    *prometheus.CounterVec
	reqDuration *prometheus.HistogramVec
	store       *storeCollector
	notify      *notifyMetrics
}

// New returns the metrics of a process built as version at revision (empty
// values read "unknown"), with the Go runtime and process collectors
// registered beside them.
func New(version, revision string) *Metrics {
	m := &Metrics{
		reg:     prometheus.NewRegistry(),
		sources: newSourceCollector(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "http_requests_total",
			Help: "HTTP requests answered, by route and status code.",
		}, []string{"route", "code"}),
		reqDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route.",
			Buckets: httpBuckets,
		}, []string{"route"}),
		store:  newStoreCollector(),
		notify: newNotifyMetrics(),
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace, Name: "build_info",
		Help: "Always 1; its labels say which build of edufeed is running.",
		ConstLabels: prometheus.Labels{
			"version":   orUnknown(version),
			"revision":  orUnknown(revision),
			"goversion": runtime.Version(),
		},
	})
	build.Set(1)
	m.reg.MustRegister(
		m.sources, m.requests, m.reqDuration, m.store, build,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	m.reg.MustRegister(m.notify.collectors()...)
	return m
}

// Handler serves the metrics in the Prometheus exposition formats. A
// collector that fails (the store unreadable, say) costs only its own
// metrics, not the whole scrape; the failures are counted in
// promhttp_metric_handler_errors_total.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		Registry:      m.reg,
		ErrorHandling: promhttp.ContinueOnError,
	})
}

// Registry is the registry the metrics live in, for tests and for callers
// that want to register collectors of their own.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
