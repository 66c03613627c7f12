package poll

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/edufeed/edufeed/feeds"
)

// entry is a scheduled source in the group of its schedule. Its settings
// never change once added: a reload that changes the source replaces it, so a
// tick that no longer finds the entry under the name (see current) belongs
// to a removed or changed source.
type entry struct {
	// src points into the slice given to Start or the last Update, which
	// the scheduler keeps rather than copying each source (issue 18). An
	// Update that keeps the entry points it at the new, equal source, so
	// that the old slice can go.
	src atomic.Pointer[feeds.Source]
	g   *group
	// delay is the source's jitter: its polls start this long after a tick.
	delay time.Duration
	// waiting is true while a poll of e waits in the run queue.
	waiting atomic.Bool
}

// NextRun returns the cron tick of the named source that will next poll it
// (the poll starts up to its jitter later): the next tick, or, while the
// source is held back by failures (BackoffUntil) or at its own request
// (NextPollAfter), the first tick whose poll starts at or after that. It
// returns the zero time if the source is unknown or disabled or the
// scheduler is not running. NextRuns answers for every source at once.
func (s *Scheduler) NextRun(name string) time.Time {
	s.mu.Lock()
	e, ok := s.entries[name]
	if !ok || !s.started || s.stopped {
		s.mu.Unlock()
		return time.Time{}
	}
	s.mu.Unlock()
	st, ok := s.heldState(name)
	if !ok {
		st = feeds.SourceState{}
	}
	return e.nextRun(time.Now(), st)
}

// NextRuns returns NextRun of every scheduled source, given the states the
// caller read (in any order; a source without one is not held back). It
// reads no store and copies no cron entry, so that a status page of many
// sources costs one pass over them. It returns nil if the scheduler is not
// running.
func (s *Scheduler) NextRuns(states []feeds.SourceState) map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started || s.stopped {
		return nil
	}
	now := time.Now()
	out := make(map[string]time.Time, len(s.entries))
	for name, e := range s.entries {
		out[name] = e.nextTick(now)
	}
	for _, st := range states {
		if e, ok := s.entries[st.Name]; ok {
			out[st.Name] = e.held(out[st.Name], st)
		}
	}
	return out
}

// nextRun is NextRun of e at now, given its source's state.
func (e *entry) nextRun(now time.Time, st feeds.SourceState) time.Time {
	return e.held(e.nextTick(now), st)
}

// nextTick is cron's next tick of e; it is recomputed only in the moment
// between a tick and cron's scheduling of the next one, or before cron has
// scheduled the first.
func (e *entry) nextTick(now time.Time) time.Time {
	if next := e.g.ticks.next(); next.After(now) {
		return next
	}
	return e.g.sched.Next(now)
}

// held moves next to the first tick whose poll is not held back by st.
func (e *entry) held(next time.Time, st feeds.SourceState) time.Time {
	hold := holdUntil(st)
	if next.IsZero() || hold.IsZero() {
		return next
	}
	return tickAtOrAfter(e.g.sched, next, hold.Add(-e.delay))
}

// add schedules src, parsed as sched, and returns its entry; the caller
// holds s.mu.
func (s *Scheduler) add(src *feeds.Source, sched cron.Schedule) *entry {
	e := &entry{}
	e.src.Store(src)
	s.join(e, *src, sched)
	e.delay = jitter(src.Name, e.g.every, s.maxJitter)
	s.entries[src.Name] = e
	return e
}

// remove unschedules the named source's entry; the caller holds s.mu.
func (s *Scheduler) remove(name string) {
	if e, ok := s.entries[name]; ok {
		s.leave(e)
		delete(s.entries, name)
	}
}

// current reports whether e is still the entry of its source.
func (s *Scheduler) current(e *entry) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.entries[e.src.Load().Name] == e
}

// runScheduled polls e's source unless a poll of it is still running, in
// which case this turn is skipped: the next tick will catch up. A source held
// back, by backoff after failures or by its own cache hints, is skipped too,
// without a fetch or a state write, until the first tick at or after the
// hold; the start-up poll (startup) obeys the hold as well, so that a daemon
// restarting in a loop does not hammer a failing site, and says so in the
// log. Manual polls (Poll, PollNow) ignore it. An entry that a reload
// replaced polls nothing.
func (s *Scheduler) runScheduled(e *entry, startup bool) {
	src := *e.src.Load()
	mu := s.locks.get(src.Name)
	if !mu.TryLock() {
		s.log.Debug("poll skipped: previous poll still running", "source", src.Name)
		return
	}
	defer mu.Unlock()
	if !s.current(e) {
		s.log.Debug("poll skipped: source removed or changed by a reload", "source", src.Name)
		return
	}
	// A state that cannot be read holds nothing back, unless a failure kept
	// in memory does: the poll will fail and record why.
	if st, ok := s.heldState(src.Name); ok {
		if hold := holdUntil(st); s.now().Before(hold) {
			reason := "backoff"
			if hold.Equal(st.NextPollAfter) {
				reason = "cache hint"
			}
			level := slog.LevelDebug
			msg := "poll skipped: source held back"
			if startup {
				level, msg = slog.LevelInfo, "start-up poll skipped: source held back"
			}
			s.log.Log(context.Background(), level, msg, "source", src.Name,
				"until", hold, "reason", reason, "consecutive_errors", st.ConsecutiveErrors)
			return
		}
	}
	s.mu.Lock()
	ctx := s.runCtx
	s.mu.Unlock()
	s.leased(ctx, src, func() { s.poll(ctx, src, s.quit, nil) })
}

// trackedSchedule remembers the last tick it gave cron. Cron asks each
// entry's schedule for its next tick when it starts and after every tick,
// so that is cron's own next tick, read without copying cron's entries.
type trackedSchedule struct {
	cron.Schedule
	last atomic.Pointer[time.Time] // nil before cron asked
}

// Next implements cron.Schedule.
func (t *trackedSchedule) Next(now time.Time) time.Time {
	next := t.Schedule.Next(now)
	t.last.Store(&next)
	return next
}

// next is the tick cron last scheduled, or the zero time.
func (t *trackedSchedule) next() time.Time {
	if p := t.last.Load(); p != nil {
		return *p
	}
	return time.Time{}
}
