package poll

import (
	"context"
	"log/slog"
	"runtime"
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
	// once [Concurrency, at most twice GOMAXPROCS: parsing is CPU work, and
	// more at once than there are CPUs only holds more documents, items
	// and commit pages in memory]; four times as many polls may then wait
	// for their items to be committed. A finished fetch keeps its slot until a
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
	// Pages reads HTML pages for sources without feeds; nil reads feeds
	// only, and an HTML page is the poll's error.
	Pages PageReader
	// Articles reads article pages for their text; nil fetches none.
	Articles ArticleReader
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
	// lost are failures the store could not record (see heldState).
	lost lostFailures

	filterMu sync.RWMutex
	filter   Filter

	pages          PageReader
	articlesReader ArticleReader
	// robotsOff names the sources whose robots: false has been logged, so
	// that an operator's choice is said once, not on every poll.
	robotsOff sync.Map

	// runq holds the scheduled polls waiting for a worker.
	runq *runQueue
	// quit closes when Stop begins: no new polls start after it.
	quit chan struct{}
	wg   sync.WaitGroup

	mu      sync.Mutex
	cron    *cron.Cron
	entries map[string]*entry
	groups  map[string]*group // by groupKey
	started bool
	stopped bool
	runCtx  context.Context // cancelled by Stop once the grace period is over
	cancel  context.CancelFunc
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
		opts.Processing = min(opts.Concurrency, 2*runtime.GOMAXPROCS(0))
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
		fetcher:        opts.Fetcher,
		parser:         opts.Parser,
		store:          opts.Store,
		log:            opts.Logger,
		now:            opts.Now,
		maxJitter:      opts.MaxJitter,
		maxBackoff:     opts.MaxBackoff,
		maxCacheHint:   opts.MaxCacheHint,
		limits:         newLimits(opts.Concurrency, opts.PerHost),
		processing:     make(chan struct{}, opts.Processing),
		saving:         make(chan struct{}, savingPerProcessing*opts.Processing),
		filter:         opts.Filter,
		observer:       opts.Observer,
		pages:          opts.Pages,
		articlesReader: opts.Articles,
		leases:         opts.Leases,
		leaseSlots:     make(chan struct{}, opts.Concurrency),
		quit:           make(chan struct{}),
		runq:           newRunQueue(),
		entries:        make(map[string]*entry),
		groups:         make(map[string]*group),
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
