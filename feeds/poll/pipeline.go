package poll

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/clean"
	"github.com/edufeed/edufeed/feeds/dates"
	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/junk"
)

// Fetcher performs one conditional GET; *fetch.Client is one.
type Fetcher interface {
	Fetch(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// Parser turns a fetched body into a feed; *parse.Parser is one.
type Parser interface {
	Parse(body []byte) (*feeds.Feed, error)
}

// Store is the part of the store a poll writes; *store.Store is one.
type Store interface {
	State(name string) (feeds.SourceState, error)
	SaveState(st feeds.SourceState) error
	SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error)
}

// Result is what one poll of a source did.
type Result struct {
	Source string
	feeds.PollResult
	// Err is the poll's error, naming the source; nil on success.
	Err     error
	Elapsed time.Duration
	// Items is how many items the parsed document held.
	Items int
}

// Sentinel errors, checked with errors.Is.
var (
	// ErrAlreadyRunning: a poll of the same source was still running, so this
	// one did nothing.
	ErrAlreadyRunning = errors.New("a poll of this source is already running")
	// ErrStopped: the scheduler is stopping or stopped.
	ErrStopped = errors.New("scheduler stopped")
)

// Poll runs the whole pipeline once for src, enabled or not, and records the
// outcome in the source's state. It returns at once with ErrAlreadyRunning
// when another poll of src is running. A panic in any stage is recovered and
// becomes the poll's error.
//
// Poll is the operator's explicit request (edufeed poll, POST /admin/poll),
// so it ignores the backoff and cache hints that hold scheduled polls back;
// its outcome still sets or clears them as a scheduled poll's would.
func (s *Scheduler) Poll(ctx context.Context, src feeds.Source) Result {
	mu := s.locks.get(src.Name)
	if !mu.TryLock() {
		return Result{Source: src.Name, Err: fmt.Errorf("source %q: %w", src.Name, ErrAlreadyRunning)}
	}
	defer mu.Unlock()
	return s.poll(ctx, src, nil)
}

// PollAll polls every enabled source once, as many at a time as the fetch
// limits allow, and returns their results in the order of srcs (disabled
// sources have none).
//
// A few workers take the sources in turn, host by host (one source of each
// host, then the next of each), rather than a goroutine per source: with
// thousands of sources, that many goroutines would only wait for a slot,
// each with a stack of its own, and the turn order keeps the workers from
// all queueing for one busy host while others are idle.
func (s *Scheduler) PollAll(ctx context.Context, srcs []feeds.Source) []Result {
	var enabled []feeds.Source
	for _, src := range srcs {
		if src.Enabled {
			enabled = append(enabled, src)
		}
	}
	results := make([]Result, len(enabled))
	order := byHostInTurn(enabled)
	workers := min(len(enabled), 2*cap(s.limits.global)+cap(s.processing)+cap(s.saving))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				n := int(next.Add(1) - 1)
				if n >= len(order) {
					return
				}
				i := order[n]
				results[i] = s.Poll(ctx, enabled[i])
			}
		})
	}
	wg.Wait()
	return results
}

// byHostInTurn returns the indices of srcs ordered by turns: the first
// source of every host (hosts in order of first appearance), then the
// second of every host, and so on.
func byHostInTurn(srcs []feeds.Source) []int {
	var hosts [][]int
	index := map[string]int{}
	for i, src := range srcs {
		h := hostKey(src.URL)
		k, ok := index[h]
		if !ok {
			k = len(hosts)
			index[h] = k
			hosts = append(hosts, nil)
		}
		hosts[k] = append(hosts[k], i)
	}
	order := make([]int, 0, len(srcs))
	for turn := 0; len(order) < len(srcs); turn++ {
		for _, h := range hosts {
			if turn < len(h) {
				order = append(order, h[turn])
			}
		}
	}
	return order
}

// poll runs one poll; the caller holds the source's lock. A closed quit
// abandons a poll still waiting for a fetch slot.
func (s *Scheduler) poll(ctx context.Context, src feeds.Source, quit <-chan struct{}) (res Result) {
	p := &pollRun{s: s, src: src, now: s.now()}
	defer func() {
		if r := recover(); r != nil {
			err := fmt.Errorf("source %q: panic: %v", src.Name, r)
			s.log.Error("poll panicked", "source", src.Name, "url", redact(src.URL), "error", err, "stack", string(debug.Stack()))
			res = p.failed(ctx, err, false)
		}
	}()
	pr, err := p.run(ctx, quit)
	if err != nil {
		return p.failed(ctx, err, true)
	}
	res = p.result(pr, nil)
	result := "ok"
	if pr.NotModified {
		result = "not_modified"
	}
	s.log.Info("poll", "source", src.Name, "url", redact(src.URL), "result", result,
		"new", pr.New, "updated", pr.Updated, "unchanged", pr.Unchanged,
		"merged", pr.Merged, "skipped", pr.Skipped, "filtered", pr.Filtered,
		"items", p.items, "duration", res.Elapsed)
	if s.observer != nil {
		s.observer.ObservePoll(src.Name, result, pr, res.Elapsed)
	}
	return res
}

// pollRun is the working state of one poll.
type pollRun struct {
	s   *Scheduler
	src feeds.Source
	now time.Time
	// st is the state as read, plus LastAttempt; failures are recorded on it.
	st        feeds.SourceState
	haveState bool
	items     int
}

func (p *pollRun) run(ctx context.Context, quit <-chan struct{}) (feeds.PollResult, error) {
	s, name, feedURL := p.s, p.src.Name, p.src.URL
	st, err := s.store.State(name)
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("source %q: read state: %w", name, err)
	}
	st.Name = name
	st.LastAttempt = p.now
	p.st, p.haveState = st, true

	rules, err := s.rules.get(name, p.src.Clean)
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("source %q: clean rules: %w", name, err)
	}

	release, err := s.limits.acquire(ctx, hostKey(feedURL), quit)
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("source %q: wait for a fetch slot: %w", name, err)
	}
	fetchStart := s.now()
	resp, err := s.fetcher.Fetch(ctx, fetch.Request{
		Source:       name,
		URL:          feedURL,
		ETag:         st.ETag,
		LastModified: st.LastModified,
		UserAgent:    p.src.UserAgent,
		AllowPrivate: p.src.AllowPrivate,
		Timeout:      p.src.Timeout,
	})
	if err == nil && resp == nil {
		err = errors.New("no response")
	}
	if err != nil {
		release()
		return feeds.PollResult{}, nameSource(name, "fetch "+redact(feedURL), err)
	}
	fetched := s.now()
	// The fetch slot is given back only once the document may be worked on:
	// see Options.Processing. A fetched document is worked on even while
	// the scheduler stops (quit): Stop gives running polls a grace period
	// and cancels ctx after it.
	done, err := takeSlot(ctx, s.processing)
	release()
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("source %q: wait to process the document: %w", name, err)
	}
	processing := true
	defer func() {
		if processing {
			done()
		}
	}()
	if s.observer != nil {
		s.observer.ObserveFetch(name, len(resp.Body), fetched.Sub(fetchStart))
	}

	next := st
	next.LastSuccess = p.now
	next.LastError = ""
	next.ConsecutiveErrors = 0
	next.BackoffUntil = time.Time{}
	// The same bytes as the last document saved in full need no work: they
	// would parse, clean and save to what is stored.
	bodyHash := ""
	if !resp.NotModified {
		sum := sha256.Sum256(resp.Body)
		bodyHash = hex.EncodeToString(sum[:16])
	}
	if resp.NotModified || (bodyHash == st.BodyHash && !st.LastSuccess.IsZero()) {
		// The document is unchanged, so its <ttl> still holds.
		next.NextPollAfter = p.nextPollAfter(next.TTL, resp, fetched)
		// A 304 may carry fresh validators; keep the old ones otherwise.
		if resp.ETag != "" {
			next.ETag = resp.ETag
		}
		if resp.LastModified != "" {
			next.LastModified = resp.LastModified
		}
		next.LastResult = feeds.PollResult{NotModified: true}
		next.LastDuration = s.now().Sub(p.now)
		if err := s.store.SaveState(next); err != nil {
			return feeds.PollResult{}, fmt.Errorf("source %q: save state: %w", name, err)
		}
		return next.LastResult, nil
	}

	feed, err := s.parser.Parse(resp.Body)
	if err == nil && feed == nil {
		err = errors.New("no feed")
	}
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("source %q: parse %s: %w", name, redact(feedURL), err)
	}
	p.items = len(feed.Items)
	base := resp.FinalURL
	if base == "" {
		base = feedURL
	}
	items := s.prepare(p.src, feed, rules, base, p.now)

	next.ETag = resp.ETag
	next.LastModified = resp.LastModified
	next.TTL = ttlOf(feed.TTL, s.maxCacheHint)
	next.NextPollAfter = p.nextPollAfter(next.TTL, resp, fetched)
	next.LastDuration = s.now().Sub(p.now)
	next.LastResult = feeds.PollResult{}
	if f := s.currentFilter(); f != nil {
		for i := range items {
			if !f.Show(&items[i]) {
				next.LastResult.Filtered++
			}
		}
	}
	next.BodyHash = bodyHash
	// Waiting for the commit needs no processing slot: the next document
	// may be parsed meanwhile, and the polls queued here share one commit
	// (the store groups them), so the fewer, larger commits write fewer
	// pages. The saving slots bound what waits here.
	doneSaving, err := takeSlot(ctx, s.saving)
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("source %q: wait to save %d items: %w", name, len(items), err)
	}
	defer doneSaving()
	done()
	processing = false
	pr, err := s.store.SavePoll(items, next, p.now)
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("source %q: save %d items: %w", name, len(items), err)
	}
	return pr, nil
}

// takeSlot takes a slot of sem and returns the function that gives it back.
// It gives up when ctx ends.
func takeSlot(ctx context.Context, sem chan struct{}) (done func(), err error) {
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

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
	if p.haveState {
		st := p.st
		st.LastError = err.Error()
		st.LastErrorAt = p.now
		st.ConsecutiveErrors++
		st.BackoffUntil = p.backoffUntil(st.ConsecutiveErrors, err)
		st.LastDuration = res.Elapsed
		if serr := p.saveState(st); serr != nil {
			res.Err = errors.Join(err, fmt.Errorf("source %q: save state: %w", name, serr))
		}
		p.st = st
	}
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

// prepare cleans a document's items and gives them their source, tags and ids.
func (s *Scheduler) prepare(src feeds.Source, feed *feeds.Feed, rules *junk.Rules, fetchedFrom string, now time.Time) []feeds.Item {
	link := feed.Link
	if link == "" {
		link = fetchedFrom
	}
	cc := clean.Context{
		FeedTitle: feed.Title,
		FeedLink:  link,
		Base:      feed.Base,
		Location:  src.Location,
		Seen:      now,
		Rules:     rules,
	}
	items := make([]feeds.Item, 0, len(feed.Items))
	for _, raw := range feed.Items {
		it := clean.Item(raw, cc)
		it.Source = src.Name
		it.Sources = []string{src.Name}
		it.Tags = slices.Clone(src.Tags)
		items = append(items, it)
	}
	placeYears(items, now)
	assignIDs(src.Name, items)
	items, dropped := dedupeByID(items)
	if dropped > 0 {
		s.log.Debug("duplicate items in one document", "source", src.Name, "dropped", dropped)
	}
	for _, it := range items {
		s.log.Debug("item", "source", src.Name, "id", it.ID, "title", it.Title, "link", it.Link)
	}
	return items
}

// placeYears gives the items whose date was written without a year the
// year their document's other dates point to (dates.PlaceYear): clean saw
// each item alone, and a December item read in January, or an archive of
// an older year, needs the others to tell. The date stays marked inferred.
func placeYears(items []feeds.Item, now time.Time) {
	var others []time.Time
	yearless := 0
	for _, it := range items {
		switch it.DateFrom {
		case feeds.DateFromYearless:
			yearless++
		case feeds.DateFromFeed, feeds.DateFromUpdated, feeds.DateFromLink, feeds.DateFromContent:
			others = append(others, it.Published)
		}
	}
	if yearless == 0 {
		return
	}
	for i := range items {
		if items[i].DateFrom != feeds.DateFromYearless {
			continue
		}
		if t, ok := dates.PlaceYear(items[i].Published, others, now); ok {
			items[i].Published = t
		}
	}
}

// nameSource prefixes err with the source and stage unless the stage already
// did (the fetch client names the source itself).
func nameSource(name, stage string, err error) error {
	prefix := fmt.Sprintf("source %q: ", name)
	if strings.HasPrefix(err.Error(), prefix) {
		return err
	}
	return fmt.Errorf("%s%s: %w", prefix, stage, err)
}

// redact hides a password in a URL before it reaches a log or an error.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}
