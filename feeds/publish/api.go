package publish

import (
	"net/http"
	"time"
)

// apiSources is the body of /api/sources. Sources are in config order.
// Error is set, with status 503, when the store cannot be read; the sources
// are then listed from the config alone.
type apiSources struct {
	Error   string      `json:"error,omitempty"`
	Sources []apiSource `json:"sources"`
}

// apiSource is one row of the status page as JSON. Times are RFC 3339 and
// left out when they never happened (as in /healthz); last_error is left out
// after a success. LastDuration is the last poll's wall time in seconds, a
// float, so that clients need not parse Go duration strings.
type apiSource struct {
	Name              string    `json:"name"`
	URL               string    `json:"url"` // a password in it is masked
	Enabled           bool      `json:"enabled"`
	Tags              []string  `json:"tags"`
	Health            string    `json:"health"` // ok, failing, disabled or pending
	LastAttempt       time.Time `json:"last_attempt,omitzero"`
	LastSuccess       time.Time `json:"last_success,omitzero"`
	LastError         string    `json:"last_error,omitempty"`
	LastErrorAt       time.Time `json:"last_error_at,omitzero"`
	ConsecutiveErrors int       `json:"consecutive_errors"`
	BackoffUntil      time.Time `json:"backoff_until,omitzero"`
	// NextPollAfter is set when the source's ttl or cache headers ask for
	// a longer wait than its schedule.
	NextPollAfter time.Time     `json:"next_poll_after,omitzero"`
	ItemCount     int           `json:"item_count"`
	NextRun       time.Time     `json:"next_run,omitzero"`
	LastResult    apiPollResult `json:"last_result"`
	LastDuration  float64       `json:"last_duration"`
	// Kind is what the URL served at the last poll: feed, discovered (a
	// page advertising FeedURL, polled in its place) or list (ListItems
	// entries); empty before the first poll.
	Kind      string `json:"kind,omitempty"`
	FeedURL   string `json:"feed_url,omitempty"` // a password in it is masked
	ListItems int    `json:"list_items,omitempty"`
}

// apiPollResult spells out every count, zeros included, unlike the stored
// feeds.PollResult, so that clients see one fixed shape.
type apiPollResult struct {
	New         int  `json:"new"`
	Updated     int  `json:"updated"`
	Unchanged   int  `json:"unchanged"`
	Merged      int  `json:"merged"`
	Skipped     int  `json:"skipped"`
	Filtered    int  `json:"filtered"`
	NotModified bool `json:"not_modified"`
	// Article pages fetched for their text, those that failed, and new
	// items left for a later poll by articles.max.
	Articles        int `json:"articles"`
	ArticleErrors   int `json:"article_errors"`
	PendingArticles int `json:"pending_articles"`
}

// serveAPISources answers /api/sources: the status page's source table as
// JSON, never cached.
func (h *Handler) serveAPISources(w http.ResponseWriter, req *http.Request) {
	statuses, err := h.sourceStatuses()
	doc := apiSources{Sources: []apiSource{}}
	code := http.StatusOK
	if err != nil {
		h.log.Error("publish: api/sources: read store", "err", err)
		doc.Error, code = err.Error(), http.StatusServiceUnavailable
	}
	rows, err := h.rows.api.encode(statuses, func(s sourceStatus) any { return newAPISource(s) })
	var body []byte
	if err == nil {
		body, err = marshalWithRows(doc, rows)
	}
	if err != nil {
		h.log.Error("publish: encode api/sources", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeUncached(w, req, code, "application/json", append(body, '\n'))
}

func newAPISource(s sourceStatus) apiSource {
	src, st, r := s.Source, s.State, s.State.LastResult
	return apiSource{
		Name:              src.Name,
		URL:               redactURL(src.URL),
		Enabled:           src.Enabled,
		Tags:              append([]string{}, src.Tags...),
		Health:            s.Health,
		LastAttempt:       st.LastAttempt,
		LastSuccess:       st.LastSuccess,
		LastError:         st.LastError,
		LastErrorAt:       st.LastErrorAt,
		ConsecutiveErrors: st.ConsecutiveErrors,
		BackoffUntil:      st.BackoffUntil,
		NextPollAfter:     st.NextPollAfter,
		ItemCount:         st.ItemCount,
		NextRun:           s.NextRun,
		LastResult: apiPollResult{
			New: r.New, Updated: r.Updated, Unchanged: r.Unchanged, Merged: r.Merged,
			Skipped: r.Skipped, Filtered: r.Filtered, NotModified: r.NotModified,
			Articles: r.Articles, ArticleErrors: r.ArticleErrors, PendingArticles: r.PendingArticles,
		},
		LastDuration: st.LastDuration.Seconds(),
		Kind:         st.Kind,
		FeedURL:      redactURL(st.FeedURL),
		ListItems:    st.ListItems,
	}
}
