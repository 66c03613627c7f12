package poll

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
)

// failed records err in the source's state and logs it. A poll ended by its
// own context (shutdown, a cancelled command) says nothing about the source,
// so it is neither counted nor saved.
func (p *pollRun) failed(ctx context.Context, err error, logIt bool) Result {
	s, name := p.s, p.src.Name
	res := p.result(feeds.PollResult{}, err)
	if ctx.Err() != nil || errors.Is(err, ErrStopped) {
		s.log.Info("poll cancelled", "source", name, "url", redact(p.src.URL), "error", err, "duration", res.Elapsed)
		return res
	}
	st := p.st
	if !p.haveState {
		// The state could not be read (the store's database is lost): count
		// on from the failure kept in memory, if any.
		st = feeds.SourceState{Name: name}
		if f, ok := s.lost.get(name); ok {
			st = f.on(st)
		}
		st.LastAttempt = p.now
	}
	st.LastError = err.Error()
	st.LastErrorAt = p.now
	st.ConsecutiveErrors++
	st.BackoffUntil = p.backoffUntil(st.ConsecutiveErrors, err)
	st.LastDuration = res.Elapsed
	switch {
	case !p.haveState:
		// Written later over the stored state, which it must not replace.
		s.lost.keep(st)
	default:
		if serr := p.saveState(st); serr != nil {
			res.Err = errors.Join(err, fmt.Errorf("source %q: save state: %w", name, serr))
			s.lost.keep(st)
		} else {
			s.lost.forget(name)
		}
	}
	p.st = st
	if s.observer != nil {
		s.observer.ObservePoll(name, "error", feeds.PollResult{}, res.Elapsed)
	}
	if logIt {
		s.log.Warn("poll failed", "source", name, "url", redact(p.src.URL), "error", res.Err,
			"consecutive_errors", p.st.ConsecutiveErrors, "backoff_until", p.st.BackoffUntil,
			"duration", res.Elapsed)
	}
	return res
}

// failedUnpolled records a scheduled poll that could not start because
// the store did not answer (its state or lease could not be read): a
// failure like any other, so that the source backs off.
func (s *Scheduler) failedUnpolled(ctx context.Context, src feeds.Source, err error) {
	p := &pollRun{s: s, src: src, now: s.now()}
	p.failed(ctx, err, true)
}

// backoffUntil is when scheduled polls may try a source again after its
// n-th consecutive failure, err: the backoff delay after the failed
// attempt's start, or later if the server sent a Retry-After. Retry-After is
// capped like the backoff, so that a hostile server cannot park the source.
// The delay's base is the source's schedule interval: a failing source
// skips ticks from about its second failure on, whatever its schedule.
func (p *pollRun) backoffUntil(n int, err error) time.Time {
	s := p.s
	until := p.now.Add(backoffDelay(p.src.Name, n, period(p.src, p.now), s.maxBackoff))
	if ra := retryAfter(err); ra > 0 {
		if asked := s.now().Add(min(ra, s.maxBackoff)); asked.After(until) {
			until = asked
		}
	}
	return until
}

// nextPollAfter returns when a source that asked, by its <ttl> or the cache
// headers of resp, for a longer wait than its schedule gives may be polled
// again; the zero time when it asked for nothing longer. The wait runs from
// at, when the response arrived, and is capped at Options.MaxCacheHint.
func (p *pollRun) nextPollAfter(ttl time.Duration, resp *fetch.Response, at time.Time) time.Time {
	wait := cacheWait(ttl, resp, at, p.s.maxCacheHint)
	if wait <= 0 || wait <= period(p.src, at) {
		return time.Time{}
	}
	p.s.log.Debug("source asks for a longer wait than its schedule", "source", p.src.Name,
		"wait", wait, "next_poll_after", at.Add(wait))
	return at.Add(wait)
}

// saveState saves under its own recover: it runs inside the panic handler,
// where a second panic would escape.
func (p *pollRun) saveState(st feeds.SourceState) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return p.s.store.SaveState(st)
}

func (p *pollRun) result(pr feeds.PollResult, err error) Result {
	return Result{
		Source:     p.src.Name,
		PollResult: pr,
		Err:        err,
		Elapsed:    p.s.now().Sub(p.now),
		Items:      p.items,
	}
}
