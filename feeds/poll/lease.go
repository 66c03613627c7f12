package poll

import (
	"context"
	"fmt"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// Leaser shares sources among several instances on one store (store/postgres's
// Leases is one): a scheduled poll runs only while this instance holds the
// source's lease. ok false says another instance holds it for about wait
// more; when ok, release must be called once the poll is over.
type Leaser interface {
	Lease(ctx context.Context, source string) (release func(), ok bool, wait time.Duration, err error)
}

// leaseMargin is added to a lease's remaining time before asking again, so
// that the question comes after the expiry rather than just before it.
const leaseMargin = time.Second

// leased runs poll under src's lease when the scheduler has leases, and
// at once when it has none. When another instance holds the lease, it waits
// for that lease to end: given up after the other's poll, which wrote the
// source's state (nothing is left to do here), or expired because the other
// instance died mid-poll, and then this instance polls the source itself.
//
// An instance holds at most as many leases as it runs polls at once
// (defaults.concurrency): a lease is taken only with one of those slots, so
// that in a burst (the start-up poll of every source) an instance does not
// take every source and leave the others idle, and renews few leases.
func (s *Scheduler) leased(ctx context.Context, src feeds.Source, poll func()) {
	if s.leases == nil {
		poll()
		return
	}
	before, err := s.store.State(src.Name)
	if err != nil {
		s.failedUnpolled(ctx, src, fmt.Errorf("source %q: read state: %w", src.Name, err))
		return
	}
	waited := false
	for {
		select {
		case s.leaseSlots <- struct{}{}:
		case <-s.quit:
			return
		case <-ctx.Done():
			return
		}
		release, ok, wait, err := s.leases.Lease(ctx, src.Name)
		if err != nil {
			<-s.leaseSlots
			s.failedUnpolled(ctx, src, fmt.Errorf("source %q: take the lease: %w", src.Name, err))
			return
		}
		if ok {
			s.pollLeased(src, before, waited, poll)
			release()
			<-s.leaseSlots
			return
		}
		<-s.leaseSlots
		waited = true
		s.log.Debug("poll deferred: another instance holds the source", "source", src.Name, "for", wait)
		t := time.NewTimer(wait + leaseMargin)
		select {
		case <-t.C:
		case <-s.quit:
			t.Stop()
			return
		case <-ctx.Done():
			t.Stop()
			return
		}
	}
}

// pollLeased polls src under its lease, unless it waited for another
// instance's lease and that instance polled the source meanwhile (its state
// changed since before).
func (s *Scheduler) pollLeased(src feeds.Source, before feeds.SourceState, waited bool, poll func()) {
	if waited {
		now, err := s.store.State(src.Name)
		if err == nil && !now.LastAttempt.Equal(before.LastAttempt) {
			return
		}
		s.log.Info("polling a source another instance left unfinished", "source", src.Name)
	}
	poll()
}
