package publish

import (
	"net/http"
	"net/url"
	"time"
)

// Health statuses reported by /healthz.
const (
	statusOK       = "ok"
	statusDegraded = "degraded" // an enabled source's last poll failed
	statusError    = "error"    // the store cannot be read
)

type healthReport struct {
	Status  string         `json:"status"`
	Error   string         `json:"error,omitempty"`
	Store   *healthStore   `json:"store,omitempty"`
	Sources []healthSource `json:"sources"`
}

type healthStore struct {
	Path     string    `json:"path"`
	Items    int       `json:"items"`
	FileSize int64     `json:"file_size"`
	Version  uint64    `json:"version"`
	Modified time.Time `json:"modified,omitzero"`
}

type healthSource struct {
	Name              string    `json:"name"`
	URL               string    `json:"url"`
	Enabled           bool      `json:"enabled"`
	Tags              []string  `json:"tags"`
	LastAttempt       time.Time `json:"last_attempt,omitzero"`
	LastSuccess       time.Time `json:"last_success,omitzero"`
	LastError         string    `json:"last_error,omitempty"`
	ConsecutiveErrors int       `json:"consecutive_errors"`
	ItemCount         int       `json:"item_count"`
	NextRun           time.Time `json:"next_run,omitzero"`
	OK                bool      `json:"ok"`
}

// serveHealth reports the store and every configured source, in config
// order. It is never cached: it is what monitoring looks at.
func (h *Handler) serveHealth(w http.ResponseWriter, req *http.Request) {
	rep, statuses, code := h.health()
	rows, err := h.rows.health.encode(statuses, func(s sourceStatus) any { return newHealthSource(s) })
	var body []byte
	if err == nil {
		body, err = marshalWithRows(rep, rows)
	}
	if err != nil {
		h.log.Error("publish: encode health report", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeUncached(w, req, code, "application/json", append(body, '\n'))
}

// health builds the report, without its sources, the statuses they are
// made of, and the HTTP status that goes with it.
func (h *Handler) health() (healthReport, []sourceStatus, int) {
	rep := healthReport{Status: statusOK, Sources: []healthSource{}}
	code := http.StatusOK

	stats, err := h.r.Stats()
	if err == nil {
		rep.Store = &healthStore{
			Path:     stats.Path,
			Items:    stats.Items,
			FileSize: stats.FileSize,
			Version:  stats.Version,
			Modified: stats.Modified,
		}
	}
	statuses, statesErr := h.sourceStatuses()
	if err == nil {
		err = statesErr
	}
	if err != nil {
		h.log.Error("publish: health: read store", "err", err)
		rep.Status, rep.Error, code = statusError, err.Error(), http.StatusServiceUnavailable
	}
	for _, s := range statuses {
		if s.Source.Enabled && s.State.LastError != "" && rep.Status == statusOK {
			rep.Status = statusDegraded
		}
	}
	return rep, statuses, code
}

// newHealthSource is one source's row of the report.
func newHealthSource(s sourceStatus) healthSource {
	src, st := s.Source, s.State
	return healthSource{
		Name:              src.Name,
		URL:               redactURL(src.URL),
		Enabled:           src.Enabled,
		Tags:              append([]string{}, src.Tags...),
		LastAttempt:       st.LastAttempt,
		LastSuccess:       st.LastSuccess,
		LastError:         st.LastError,
		ConsecutiveErrors: st.ConsecutiveErrors,
		ItemCount:         st.ItemCount,
		NextRun:           s.NextRun,
		OK:                st.LastError == "",
	}
}

// redactURL hides a password written into a source URL; health output is
// often shown to people who should not see it.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}
