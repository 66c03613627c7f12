package publish

import (
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
// in its own shape.
type sourceStatus struct {
	Source feeds.Source
	// State is the zero value for a source the store has no record of.
	State feeds.SourceState
	// NextRun is zero for a disabled source and when no scheduler reports one.
	NextRun time.Time
	Health  string
}

// sourceStatuses returns the configured sources in config order with their
// state. When the store cannot be read it still returns every source, without
// state, together with the error. It is one snapshot: one read of every
// state (item counts included) and one call to the scheduler, whatever the
// number of sources, so that these unauthenticated outputs cost O(N).
func (h *Handler) sourceStatuses() ([]sourceStatus, error) {
	sources, _, _ := h.snapshot()
	states, err := h.r.States()
	if err != nil {
		states = nil // whatever came back is not to be trusted
	}
	var next map[string]time.Time
	if h.nextRun != nil {
		next = h.nextRun(states)
	}
	return joinStates(sources, states, next), err
}

// joinStates pairs each source with its stored state (states come in any
// order and may name sources no longer configured) and judges its health.
func joinStates(sources []feeds.Source, states []feeds.SourceState, nextRun map[string]time.Time) []sourceStatus {
	byName := make(map[string]int, len(states))
	for i, st := range states {
		byName[st.Name] = i
	}
	out := make([]sourceStatus, 0, len(sources))
	for _, src := range sources {
		s := sourceStatus{Source: src}
		if i, ok := byName[src.Name]; ok {
			s.State = states[i]
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
func judgeHealth(enabled bool, st feeds.SourceState) string {
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
