package poll

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/edufeed/edufeed/feeds"
)

// Start adds a cron entry for every enabled source, polls each of them once
// right away, and starts the clock. It fails, starting nothing, if a schedule
// is invalid or a name repeats. The scheduler keeps srcs, not a copy: the
// caller must not modify it. Values in ctx reach every poll, but ending
// ctx stops nothing: only Stop does, after its grace period.
func (s *Scheduler) Start(ctx context.Context, srcs []feeds.Source) error {
	scheds, err := schedules(srcs)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.stopped:
		return ErrStopped
	case s.started:
		return errors.New("poll: scheduler already started")
	}
	logger := cronLogger{s.log}
	s.cron = cron.New(cron.WithLogger(logger), cron.WithChain(cron.Recover(logger)))
	s.runCtx, s.cancel = context.WithCancel(context.WithoutCancel(ctx))
	for i := range srcs {
		if srcs[i].Enabled {
			s.add(&srcs[i], scheds[srcs[i].Name])
		}
	}
	s.startWorkers()
	s.queueStartup(srcs, s.entries)
	s.cron.Start()
	s.started = true
	return nil
}

// Update replaces the set of sources, as after a config reload: entries of
// removed or changed sources go, new and changed ones are added, unchanged
// ones keep their entry. A source that had no entry before (new, or newly
// enabled) is polled once right away. As Start, it keeps srcs. Polls already running finish; the
// per-source lock keeps an old entry's poll from overlapping a new one's.
func (s *Scheduler) Update(srcs []feeds.Source) error {
	scheds, err := schedules(srcs)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.stopped:
		return ErrStopped
	case !s.started:
		return errors.New("poll: scheduler not started")
	}
	want := make(map[string]*feeds.Source, len(srcs))
	names := make(map[string]bool, len(srcs))
	for i, src := range srcs {
		names[src.Name] = true
		if src.Enabled {
			want[src.Name] = &srcs[i]
		}
	}
	had := make(map[string]bool, len(s.entries))
	for name, e := range s.entries {
		had[name] = true
		if n, ok := want[name]; !ok || !SameSource(*e.src.Load(), *n) {
			s.remove(name)
		} else {
			e.src.Store(n)
		}
	}
	for i := range srcs {
		src := &srcs[i]
		if _, kept := s.entries[src.Name]; kept || !src.Enabled {
			continue
		}
		e := s.add(src, scheds[src.Name])
		if !had[src.Name] {
			s.queueLocked(queued{e: e})
		}
	}
	s.rules.keep(names)
	return nil
}

// Stop starts no new polls, waits up to grace for running ones, then cancels
// those still running and waits for them to return. Calling it again, or on
// a Scheduler never started, is harmless.
func (s *Scheduler) Stop(grace time.Duration) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	s.stopped = true
	close(s.quit)
	// Polls still queued will not run; the workers stop.
	for range s.runq.clear() {
		s.wg.Done()
	}
	c, cancel := s.cron, s.cancel
	s.mu.Unlock()

	var cronDone context.Context
	if c != nil {
		cronDone = c.Stop()
	}
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	if grace > 0 {
		t := time.NewTimer(grace)
		select {
		case <-done:
		case <-t.C:
		}
		t.Stop()
	}
	if cancel != nil {
		cancel()
	}
	<-done
	if cronDone != nil {
		<-cronDone.Done()
	}
}

// PollNow is Poll on behalf of the running service (POST /admin/poll): the
// poll is one of the scheduler's own, so Stop waits for it, gives it the
// same grace as scheduled polls and then cancels it. Values in ctx reach the
// poll, but ending ctx does not cancel it: a client that hangs up does not
// stop a poll halfway. After Stop has begun it returns ErrStopped at once;
// before Start it fails, since nothing would stop the poll.
func (s *Scheduler) PollNow(ctx context.Context, src feeds.Source) Result {
	s.mu.Lock()
	if !s.started && !s.stopped {
		s.mu.Unlock()
		return Result{Source: src.Name, Err: fmt.Errorf("source %q: poll: scheduler not started", src.Name)}
	}
	runCtx := s.runCtx
	s.mu.Unlock()
	if !s.enter() {
		return Result{Source: src.Name, Err: fmt.Errorf("source %q: %w", src.Name, ErrStopped)}
	}
	defer s.wg.Done()
	pollCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	defer context.AfterFunc(runCtx, cancel)()
	return s.pollUnlessRunning(pollCtx, src, s.quit, nil)
}

// spawn runs f in a goroutine that Stop waits for; the caller holds s.mu.
func (s *Scheduler) spawn(f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

// enter registers a cron-started job with Stop's wait group, or reports that
// the scheduler is stopping. Checking under s.mu keeps every Add before the
// Wait in Stop.
func (s *Scheduler) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return false
	}
	s.wg.Add(1)
	return true
}
