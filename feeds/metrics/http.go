package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Instrument counts the requests h answers, by status code, and times them,
// all under the label route. route is fixed by the caller (a pattern such as
// "/feed.xml", or "other" for a catch-all): the raw path never becomes a
// label, so a scan of random URLs cannot grow the series without bound. A
// request whose handler panics is not counted.
func (m *Metrics) Instrument(route string, h http.Handler) http.Handler {
	requests := m.requests.MustCurryWith(prometheus.Labels{"route": route})
	duration := m.reqDuration.WithLabelValues(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		requests.WithLabelValues(strconv.Itoa(sw.status())).Inc()
		duration.Observe(time.Since(start).Seconds())
	})
}

// statusWriter remembers the status code of the response a handler sent.
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
