package poll

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/clean"
	"github.com/edufeed/edufeed/feeds/dates"
	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/merge"
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
	// Known returns what the store holds of each of ids that it knows (as a
	// story, a copy merged into one, or a pruned item's tombstone).
	Known(ids []string) (map[string]feeds.Known, error)
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

// poll runs one poll; the caller holds the source's lock. A closed quit
// abandons a poll still waiting for a fetch slot. read is the source's
// state when the caller has read it already (PollAll reads many at once),
// nil for the poll to read it.
func (s *Scheduler) poll(ctx context.Context, src feeds.Source, quit <-chan struct{}, read *feeds.SourceState) (res Result) {
	p := &pollRun{s: s, src: src, now: s.now(), preread: read}
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
	// preread is the state its caller read for this poll, if any (see poll).
	preread *feeds.SourceState
	items   int
	// validators are the article pages' validators to keep (see
	// feeds.SourceState.ArticleValidators), lastValidators those the last
	// poll kept; nil when no article was looked at.
	validators, lastValidators map[string]feeds.Validators
}

func (p *pollRun) run(ctx context.Context, quit <-chan struct{}) (feeds.PollResult, error) {
	s, name, feedURL := p.s, p.src.Name, p.src.URL
	var st feeds.SourceState
	if p.preread != nil {
		st = *p.preread
	} else {
		var err error
		if st, err = s.store.State(name); err != nil {
			return feeds.PollResult{}, fmt.Errorf("source %q: read state: %w", name, err)
		}
	}
	if st.Kind == feeds.KindDiscovered && st.FeedURL != "" && p.src.Type != feeds.SourceHTML {
		// The page advertised this feed: poll it in the page's place.
		feedURL = st.FeedURL
	}
	if st.PendingArticles > 0 {
		// Articles wait for this poll: read the list even if unchanged.
		st.ETag, st.LastModified, st.BodyHash = "", "", ""
	}
	st.Name = name
	st.LastAttempt = p.now
	p.st, p.haveState = st, true

	rules, err := s.rules.get(name, p.src.CleanRules())
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
		AllowPrivate: p.src.AllowPrivate && sameHost(feedURL, p.src.URL),
		Timeout:      p.src.Timeout,
		Robots:       p.obeysRobots(p.src.Type == feeds.SourceHTML || st.Kind == feeds.KindList),
	})
	if err != nil && feedURL != p.src.URL && isGone(err) {
		// The advertised feed is gone: the next poll asks the page again.
		p.st.Kind, p.st.FeedURL = "", ""
	}
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
		bodyHash = documentHash(resp.Body, p.src)
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
		// Nothing is left to work on: the processing slot goes back before
		// the commit, so that 304s wait for their commits together (one
		// commit for many) rather than a few at a time.
		done()
		processing = false
		if err := s.store.SaveState(next); err != nil {
			return feeds.PollResult{}, fmt.Errorf("source %q: save state: %w", name, err)
		}
		return next.LastResult, nil
	}

	doc, err := p.read(ctx, resp, feedURL)
	if err != nil {
		return feeds.PollResult{}, nameSource(name, "", err)
	}
	feed := doc.feed
	p.items = len(feed.Items)
	base := resp.FinalURL
	if base == "" || doc.kind == feeds.KindDiscovered && feedURL == p.src.URL {
		base = firstNonEmpty(doc.feedURL, feedURL)
	}
	items := s.prepare(p.src, feed, rules, base, p.now)
	unchanged, pending, fetchedArticles, failedArticles := 0, 0, 0, 0
	if s.articlesReader != nil && p.wantsArticles(doc.kind) {
		reclean := func(it feeds.Item) feeds.Item { return s.reclean(p.src, feed, rules, it, p.now) }
		items, unchanged, pending, fetchedArticles, failedArticles = p.articles(ctx, items, doc.kind == feeds.KindList, rules, reclean)
	}

	next.ETag = resp.ETag
	next.LastModified = resp.LastModified
	next.Kind, next.FeedURL = doc.kind, doc.feedURL
	if doc.kind == feeds.KindDiscovered && doc.feedURL != feedURL {
		// The validators are the page's, fetched this time; the feed found
		// on it is asked for unconditionally next time.
		next.ETag, next.LastModified = "", ""
	}
	if doc.listItems > 0 {
		next.ListItems = doc.listItems
	}
	next.PendingArticles = pending
	if p.validators != nil {
		next.ArticleValidators = feeds.NewValidatorSet(p.validators)
	}
	if pending > 0 {
		// The document must be read again next time for the articles left.
		next.ETag, next.LastModified, bodyHash = "", "", ""
	}
	next.TTL = ttlOf(feed.TTL, s.maxCacheHint)
	next.NextPollAfter = p.nextPollAfter(next.TTL, resp, fetched)
	next.LastDuration = s.now().Sub(p.now)
	next.LastResult = feeds.PollResult{Unchanged: unchanged, Articles: fetchedArticles, ArticleErrors: failedArticles, PendingArticles: pending}
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
		case feeds.DateFromFeed, feeds.DateFromUpdated, feeds.DateFromLink, feeds.DateFromContent,
			feeds.DateFromList, feeds.DateFromPage:
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

// reclean cleans an item again after its article page filled it: its
// links now resolve against the article's own URL, and its merge keys
// follow the new title and text while its identity stays.
func (s *Scheduler) reclean(src feeds.Source, feed *feeds.Feed, rules *junk.Rules, it feeds.Item, now time.Time) feeds.Item {
	cc := clean.Context{FeedTitle: feed.Title, FeedLink: it.Link, Location: src.Location, Seen: now, Rules: rules}
	out := clean.Item(it, cc)
	keys := merge.KeysOf(out)
	out.Keys.Title, out.Keys.Fingerprint = keys.Title, keys.Fingerprint
	return out
}

// nameSource prefixes err with the source and stage (if any) unless the
// stage already named the source (the fetch client does).
func nameSource(name, stage string, err error) error {
	prefix := fmt.Sprintf("source %q: ", name)
	switch {
	case strings.HasPrefix(err.Error(), prefix):
		return err
	case stage == "":
		return fmt.Errorf("%s%w", prefix, err)
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
