package poll

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/parse"
)

// Options configure a Scheduler. Zero values take the defaults in brackets.
type Options struct {
	Fetcher Fetcher // [fetch.NewClient(fetch.Options{})]
	Parser  Parser  // [parse.New()]
	Store   Store   // required
	Logger  *slog.Logger
	// Concurrency caps fetches running at once [8].
	Concurrency int
	// PerHost caps fetches to one host at once [2]; file: URLs share one host.
	PerHost int
	// Processing caps the fetched documents being parsed and cleaned at
	// once [Concurrency]; four times as many polls may then wait for their
	// items to be committed. A finished fetch keeps its slot until a
	// processing slot is free, and a cleaned document its processing slot
	// until a saving slot is, so that when the CPU or the disk is slower
	// than the network, documents wait on the server instead of piling up
	// in memory.
	Processing int
	// MaxJitter bounds the delay each source waits after a cron tick, so that
	// sources on one schedule do not all fire together [1m]. The delay is
	// fixed per source and also below a tenth of its interval. A negative
	// value disables jitter.
	MaxJitter time.Duration
	// Now is the clock for state times and item first-seen times [time.Now].
	Now func() time.Time
	// Filter, if set, counts the items of each poll that the outputs hide
	// (PollResult.Filtered); the items are stored all the same.
	Filter Filter
	// Observer, if set, hears of every fetch and every finished poll.
	Observer Observer
	// MaxBackoff caps how long failures hold a source's scheduled polls
	// back, a server's Retry-After included [DefaultMaxBackoff, 6h].
	MaxBackoff time.Duration
	// MaxCacheHint caps how long a source's <ttl>, Cache-Control max-age or
	// Expires may hold its scheduled polls back [DefaultMaxCacheHint, 24h].
	MaxCacheHint time.Duration
	// Leases, if set, make scheduled polls take the source's lease first,
	// so that instances sharing a store poll each source once.
	Leases Leaser
}

// Filter says whether the outputs show an item; *filter.Filter is one.
type Filter interface {
	Show(it *feeds.Item) bool
}

// Observer hears what polls do, for metrics; *metrics.Metrics is one.
// Its methods must be quick and safe for concurrent use.
type Observer interface {
	// ObservePoll: result is "ok", "not_modified" or "error".
	ObservePoll(source, result string, pr feeds.PollResult, elapsed time.Duration)
	// ObserveFetch: a fetch that returned a body of n bytes.
	ObserveFetch(source string, n int, elapsed time.Duration)
}

// savingPerProcessing is how many polls may wait for their commit per
// processing slot. Cleaned items are small next to a document being parsed,
// and more polls per commit means fewer commits: each rewrites every page
// its inserts touched, and the published-time index takes inserts all over.
const savingPerProcessing = 4

// Scheduler polls sources on their cron schedules. Its methods are safe for
// concurrent use. Poll and PollAll also work on a Scheduler never started.
type Scheduler struct {
	fetcher   Fetcher
	parser    Parser
	store     Store
	log       *slog.Logger
	now       func() time.Time
	maxJitter time.Duration

	maxBackoff   time.Duration
	maxCacheHint time.Duration

	limits *limits
	// processing holds a slot per poll from its fetch until its items are
	// ready to save; saving, from then until they are committed.
	processing chan struct{}
	saving     chan struct{}
	locks      sourceLocks
	rules      rulesCache
	observer   Observer
	leases     Leaser
	// leaseSlots bounds the leases held at once to the polls that can run
	// at once (see leased).
	leaseSlots chan struct{}

	filterMu sync.RWMutex
	filter   Filter

	// quit closes when Stop begins: no new polls start after it.
	quit chan struct{}
	wg   sync.WaitGroup

	mu      sync.Mutex
	cron    *cron.Cron
	entries map[string]entry
	started bool
	stopped bool
	runCtx  context.Context // cancelled by Stop once the grace period is over
	cancel  context.CancelFunc
}

// entry is a scheduled source and its cron entry.
type entry struct {
	src   feeds.Source
	id    cron.EntryID
	sched cron.Schedule
	// delay is the source's jitter: its polls start this long after a tick.
	delay time.Duration
}

// New returns a Scheduler. It panics if opts.Store is nil.
func New(opts Options) *Scheduler {
	if opts.Store == nil {
		panic("poll.New: nil Store")
	}
	if opts.Fetcher == nil {
		opts.Fetcher = fetch.NewClient(fetch.Options{})
	}
	if opts.Parser == nil {
		opts.Parser = parse.New()
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.PerHost <= 0 {
		opts.PerHost = 2
	}
	if opts.Processing <= 0 {
		opts.Processing = opts.Concurrency
	}
	switch {
	case opts.MaxJitter == 0:
		opts.MaxJitter = time.Minute
	case opts.MaxJitter < 0:
		opts.MaxJitter = 0
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	if opts.MaxCacheHint <= 0 {
		opts.MaxCacheHint = DefaultMaxCacheHint
	}
	return &Scheduler{
		fetcher:      opts.Fetcher,
		parser:       opts.Parser,
		store:        opts.Store,
		log:          opts.Logger,
		now:          opts.Now,
		maxJitter:    opts.MaxJitter,
		maxBackoff:   opts.MaxBackoff,
		maxCacheHint: opts.MaxCacheHint,
		limits:       newLimits(opts.Concurrency, opts.PerHost),
		processing:   make(chan struct{}, opts.Processing),
		saving:       make(chan struct{}, savingPerProcessing*opts.Processing),
		filter:       opts.Filter,
		observer:     opts.Observer,
		leases:       opts.Leases,
		leaseSlots:   make(chan struct{}, opts.Concurrency),
		quit:         make(chan struct{}),
		entries:      make(map[string]entry),
	}
}

// SetFilter replaces the filter used to count hidden items, as after a
// config reload; nil counts none.
func (s *Scheduler) SetFilter(f Filter) {
	s.filterMu.Lock()
	s.filter = f
	s.filterMu.Unlock()
}

// currentFilter returns the filter in force, or nil.
func (s *Scheduler) currentFilter() Filter {
	s.filterMu.RLock()
	defer s.filterMu.RUnlock()
	return s.filter
}

// Start adds a cron entry for every enabled source, polls each of them once
// right away, and starts the clock. It fails, starting nothing, if a schedule
// is invalid or a name repeats. Values in ctx reach every poll, but ending
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
	for _, src := range srcs {
		if !src.Enabled {
			continue
		}
		s.add(src, scheds[src.Name])
		s.spawn(func() { s.runScheduled(src) })
	}
	s.cron.Start()
	s.started = true
	return nil
}

// Update replaces the set of sources, as after a config reload: entries of
// removed or changed sources go, new and changed ones are added, unchanged
// ones keep their entry. A source that had no entry before (new, or newly
// enabled) is polled once right away. Polls already running finish; the
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
	want := make(map[string]feeds.Source, len(srcs))
	names := make(map[string]bool, len(srcs))
	for _, src := range srcs {
		names[src.Name] = true
		if src.Enabled {
			want[src.Name] = src
		}
	}
	had := make(map[string]bool, len(s.entries))
	for name, e := range s.entries {
		had[name] = true
		if n, ok := want[name]; !ok || !sameSource(e.src, n) {
			s.cron.Remove(e.id)
			delete(s.entries, name)
		}
	}
	for _, src := range srcs {
		if _, kept := s.entries[src.Name]; kept || !src.Enabled {
			continue
		}
		s.add(src, scheds[src.Name])
		if !had[src.Name] {
			s.spawn(func() { s.runScheduled(src) })
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

// NextRun returns the cron tick of the named source that will next poll it
// (the poll starts up to its jitter later): the next tick, or, while the
// source is held back by failures (BackoffUntil) or at its own request
// (NextPollAfter), the first tick whose poll starts at or after that. It
// returns the zero time if the source is unknown or disabled or the
// scheduler is not running.
func (s *Scheduler) NextRun(name string) time.Time {
	s.mu.Lock()
	e, ok := s.entries[name]
	if !ok || !s.started || s.stopped {
		s.mu.Unlock()
		return time.Time{}
	}
	next := s.cron.Entry(e.id).Next
	s.mu.Unlock()
	if next.IsZero() {
		return next
	}
	st, err := s.store.State(name)
	if err != nil {
		return next
	}
	hold := holdUntil(st)
	if hold.IsZero() {
		return next
	}
	return tickAtOrAfter(e.sched, next, hold.Add(-e.delay))
}

// add schedules src; the caller holds s.mu.
func (s *Scheduler) add(src feeds.Source, sched cron.Schedule) {
	z := zoned(sched, src.Location)
	delay := jitter(src.Name, interval(z, s.now()), s.maxJitter)
	id := s.cron.Schedule(z, cron.FuncJob(func() {
		if !s.enter() {
			return
		}
		defer s.wg.Done()
		if delay > 0 {
			t := time.NewTimer(delay)
			defer t.Stop()
			select {
			case <-t.C:
			case <-s.quit:
				return
			}
		}
		s.runScheduled(src)
	}))
	s.entries[src.Name] = entry{src: src, id: id, sched: z, delay: delay}
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

// runScheduled polls src unless a poll of it is still running, in which case
// this turn is skipped: the next tick will catch up. A source held back, by
// backoff after failures or by its own cache hints, is skipped too, without
// a fetch or a state write, until the first tick at or after the hold; the
// start-up poll obeys the hold as well, so that a daemon restarting in a
// loop does not hammer a failing site. Manual polls (Poll) ignore it.
func (s *Scheduler) runScheduled(src feeds.Source) {
	mu := s.locks.get(src.Name)
	if !mu.TryLock() {
		s.log.Debug("poll skipped: previous poll still running", "source", src.Name)
		return
	}
	defer mu.Unlock()
	// A state that cannot be read holds nothing back: the poll will fail
	// and record why.
	if st, err := s.store.State(src.Name); err == nil {
		if hold := holdUntil(st); s.now().Before(hold) {
			reason := "backoff"
			if hold.Equal(st.NextPollAfter) {
				reason = "cache hint"
			}
			s.log.Debug("poll skipped: source held back", "source", src.Name,
				"until", hold, "reason", reason, "consecutive_errors", st.ConsecutiveErrors)
			return
		}
	}
	s.mu.Lock()
	ctx := s.runCtx
	s.mu.Unlock()
	s.leased(ctx, src, func() { s.poll(ctx, src, s.quit) })
}
