package publish

import (
	"bytes"
	"encoding/json"
	"sync"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// The health of one source, as /api/sources and the status page show it.
const (
	healthOK       = "ok"
	healthFailing  = "failing"  // the last poll failed
	healthDisabled = "disabled" // switched off in the config
	healthPending  = "pending"  // enabled but never polled yet
)

// sourceStatus is one configured source joined with what the store remembers
// of polling it. /healthz, /api/sources and the status page all show it, each
// in its own shape. Source and State point into the snapshot a request
// read, which is not to be changed; a request over many sources then does
// not copy every source and state once more.
type sourceStatus struct {
	Source *feeds.Source
	// State is a zero state for a source the store has no record of.
	State *feeds.SourceState
	// NextRun is zero for a disabled source and when no scheduler reports one.
	NextRun time.Time
	Health  string
	// gen is the generation of the configuration Source came from.
	gen uint64
}

// sourceStatuses returns the configured sources in config order with their
// state. When the store cannot be read it still returns every source, without
// state, together with the error. It is one snapshot: one read of every
// state (item counts included) and one call to the scheduler, whatever the
// number of sources, so that these unauthenticated outputs cost O(N).
func (h *Handler) sourceStatuses() ([]sourceStatus, error) {
	sources, _, gen := h.snapshot()
	states, err := h.r.States()
	if err != nil {
		states = nil // whatever came back is not to be trusted
	}
	var next map[string]time.Time
	if h.nextRun != nil {
		next = h.nextRun(states)
	}
	out := joinStates(sources, states, next)
	for i := range out {
		out[i].gen = gen
	}
	return out, err
}

// joinStates pairs each source with its stored state (states come in any
// order and may name sources no longer configured) and judges its health.
func joinStates(sources []feeds.Source, states []feeds.SourceState, nextRun map[string]time.Time) []sourceStatus {
	byName := make(map[string]int, len(states))
	for i, st := range states {
		byName[st.Name] = i
	}
	none := new(feeds.SourceState)
	out := make([]sourceStatus, 0, len(sources))
	for i := range sources {
		src := &sources[i]
		s := sourceStatus{Source: src, State: none}
		if j, ok := byName[src.Name]; ok {
			s.State = &states[j]
		}
		if src.Enabled {
			s.NextRun = nextRun[src.Name]
		}
		s.Health = judgeHealth(src.Enabled, s.State)
		out = append(out, s)
	}
	return out
}

// judgeHealth names a source's health. A disabled source is disabled whatever
// its last poll did, since nobody is waiting for it.
func judgeHealth(enabled bool, st *feeds.SourceState) string {
	switch {
	case !enabled:
		return healthDisabled
	case st.LastError != "":
		return healthFailing
	case st.LastAttempt.IsZero() && st.LastSuccess.IsZero():
		return healthPending
	}
	return healthOK
}

// statusRows keeps the rendered row of every source for /healthz,
// /api/sources and the status page's table. A row is rendered again only
// when what it shows changed: its state, its next run or the configuration.
// Between two requests few sources have been polled, so a request over many
// sources mostly copies bytes, and these unauthenticated outputs stay cheap
// for whoever asks, however often.
type statusRows struct {
	health, api rowCache
	// page has a cache per language, by its index in languages: readers
	// of both are served from their own rows.
	page [len(languages)]rowCache
}

type rowCache struct {
	mu   sync.Mutex
	rows map[string]cachedRow
}

type cachedRow struct {
	key  rowKey
	json []byte
}

// rowKey is everything a row is made of: the source's configuration
// (through its generation), its state, its next run, and the base URL of
// the page's links.
type rowKey struct {
	gen   uint64
	state feeds.SourceState
	next  time.Time
	base  string
}

// encode returns the JSON of statuses' rows, each indented as the fourth
// level of a document that json.MarshalIndent(doc, "", "  ") writes, where
// row gives the value to encode for a status.
func (c *rowCache) encode(statuses []sourceStatus, row func(sourceStatus) any) ([][]byte, error) {
	return c.render(statuses, "", func(s sourceStatus) ([]byte, error) {
		return json.MarshalIndent(row(s), "    ", "  ")
	})
}

// render returns statuses' rows as render writes them for a page whose
// links start with base, rendering only those not kept from before.
func (c *rowCache) render(statuses []sourceStatus, base string, render func(sourceStatus) ([]byte, error)) ([][]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rows == nil || len(c.rows) > 2*len(statuses) {
		c.rows = make(map[string]cachedRow, len(statuses)) // sources removed since
	}
	out := make([][]byte, len(statuses))
	for i, s := range statuses {
		key := rowKey{gen: s.gen, state: *s.State, next: s.NextRun, base: base}
		if r, ok := c.rows[s.Source.Name]; ok && r.key == key {
			out[i] = r.json
			continue
		}
		b, err := render(s)
		if err != nil {
			return nil, err
		}
		c.rows[s.Source.Name] = cachedRow{key: key, json: b}
		out[i] = b
	}
	return out, nil
}

// marshalWithRows is json.MarshalIndent(doc, "", "  ") for a doc whose last
// field, "sources", is an empty list, with rows written into that list.
func marshalWithRows(doc any, rows [][]byte) ([]byte, error) {
	head, err := json.MarshalIndent(doc, "", "  ")
	if err != nil || len(rows) == 0 {
		return head, err
	}
	const empty = "\"sources\": []\n}"
	if !bytes.HasSuffix(head, []byte(empty)) {
		panic("publish: status document does not end with its sources")
	}
	size := len(head)
	for _, r := range rows {
		size += len(r) + 6
	}
	out := make([]byte, 0, size+8)
	out = append(out, head[:len(head)-len(empty)]...)
	out = append(out, "\"sources\": [\n"...)
	for i, r := range rows {
		if i > 0 {
			out = append(out, ",\n"...)
		}
		out = append(out, "    "...)
		out = append(out, r...)
	}
	return append(out, "\n  ]\n}"...), nil
}
