package poll

import (
	"sync"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// lostFailure is a failed poll the store could not record (its database was
// lost): kept in memory so that the source still backs off, and written
// once the store answers again.
type lostFailure struct {
	errors       int // consecutive errors, those stored before included when known
	lastError    string
	at           time.Time
	backoffUntil time.Time
	duration     time.Duration
}

// lostFailures are the failures waiting to be written, by source name.
// Only sources that failed while the store was unreachable have one.
type lostFailures struct {
	mu sync.Mutex
	m  map[string]lostFailure
}

func (l *lostFailures) get(name string) (lostFailure, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.m[name]
	return f, ok
}

func (l *lostFailures) keep(st feeds.SourceState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = make(map[string]lostFailure)
	}
	l.m[st.Name] = lostFailure{errors: st.ConsecutiveErrors, lastError: st.LastError, at: st.LastErrorAt,
		backoffUntil: st.BackoffUntil, duration: st.LastDuration}
}

func (l *lostFailures) forget(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.m, name)
}

// on lays the failure over a state read from the store.
func (f lostFailure) on(st feeds.SourceState) feeds.SourceState {
	st.LastError, st.LastErrorAt, st.LastAttempt = f.lastError, f.at, f.at
	st.ConsecutiveErrors = max(st.ConsecutiveErrors, f.errors)
	st.BackoffUntil, st.LastDuration = f.backoffUntil, f.duration
	return st
}

// heldState is the state that decides whether a scheduled poll of name
// waits: the store's, with a failure it could not record laid over it. When
// the store answers again that failure is written now, unless the source
// was polled since (by another instance). With the store unreachable and
// no such failure, ok is false: nothing holds the source back.
func (s *Scheduler) heldState(name string) (st feeds.SourceState, ok bool) {
	st, err := s.store.State(name)
	f, lost := s.lost.get(name)
	switch {
	case !lost:
		return st, err == nil
	case err != nil:
		return f.on(feeds.SourceState{Name: name}), true
	case st.LastAttempt.After(f.at):
		s.lost.forget(name)
		return st, true
	}
	st = f.on(st)
	if err := s.store.SaveState(st); err != nil {
		return st, true
	}
	s.lost.forget(name)
	s.log.Info("failed poll recorded now that the store answers again", "source", name,
		"consecutive_errors", st.ConsecutiveErrors, "backoff_until", st.BackoffUntil)
	return st, true
}
