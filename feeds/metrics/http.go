package metrics

import (
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Instrument counts the requests h answers, by status code, and times them,
// all under the label route. route is fixed by the caller (a pattern such as
// "/feed.xml", or "other" for a catch-all): the raw path never becomes a
// label, so a scan of random URLs cannot grow the series without bound. A
// request whose handler panics is not counted.
//
// The route's series are resolved here, once, and each status code's counter
// the first time that code is answered, so a request hashes no label values.
// Series still appear only once counted, as with a plain CounterVec.
func (m *Metrics) Instrument(route string, h http.Handler) http.Handler {
	rm := &routeMetrics{
		requests: m.requests.MustCurryWith(prometheus.Labels{"route": route}),
		duration: m.reqDuration.WithLabelValues(route),
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := sinceEpoch()
		sw := writers.Get().(*statusWriter)
		sw.ResponseWriter = w
		h.ServeHTTP(sw, r)
		rm.counter(sw.status()).Inc()
		rm.duration.Observe((sinceEpoch() - start).Seconds())
		*sw = statusWriter{} // drop the request's writer before pooling
		writers.Put(sw)
	})
}

// epoch anchors sinceEpoch. A request is timed by two readings of the
// monotonic clock alone: time.Now would read the wall clock as well, which
// a duration does not need, on every request.
var epoch = time.Now()

// sinceEpoch reads the monotonic clock.
func sinceEpoch() time.Duration { return time.Since(epoch) }

// writers recycles the statusWriters of finished requests, so that counting
// a request allocates nothing. A handler must not use its ResponseWriter
// after it returns (net/http's own rule), so none is shared.
var writers = sync.Pool{New: func() any { return new(statusWriter) }}

// Status codes whose counters routeMetrics keeps at hand: all valid ones.
const (
	minCode = 100
	maxCode = 599
)

// routeMetrics are one route's request series.
type routeMetrics struct {
	requests *prometheus.CounterVec // curried with the route
	duration prometheus.Observer
	byCode   [maxCode - minCode + 1]atomic.Pointer[prometheus.Counter]
}

// counter returns the route's counter for code, looking its labels up only
// the first time. Two requests racing on a new code both look it up and get
// the same counter.
func (rm *routeMetrics) counter(code int) prometheus.Counter {
	if code < minCode || code > maxCode {
		return rm.requests.WithLabelValues(strconv.Itoa(code))
	}
	slot := &rm.byCode[code-minCode]
	if c := slot.Load(); c != nil {
		return *c
	}
	c := rm.requests.WithLabelValues(strconv.Itoa(code))
	slot.Store(&c)
	return c
}

// statusWriter remembers the status code of the response a handler sent.
// Beside Flush it passes io.ReaderFrom through, so that a handler copying a
// file still gets net/http's sendfile path.
type statusWriter struct {
	http.ResponseWriter
	code int
}

// status is the code sent; net/http sends 200 for a handler that writes
// nothing at all.
func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// WriteHeader implements http.ResponseWriter. Only the first final code
// counts, as in net/http: informational 1xx headers may precede it, and a
// later call is ignored.
func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write implements http.ResponseWriter; a body written first means 200.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// ReadFrom implements io.ReaderFrom, which io.Copy prefers, with the
// underlying writer's own ReadFrom when it has one (net/http's uses
// sendfile for files); a body copied first means 200.
func (w *statusWriter) ReadFrom(r io.Reader) (int64, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(w.ResponseWriter, r)
}

// Flush keeps streaming handlers that assert http.Flusher working; an
// underlying writer that cannot flush makes it a no-op.
func (w *statusWriter) Flush() {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection's own writer,
// for deadlines, hijacking and full-duplex.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
