package feeds

import (
	"slices"
	"strings"
	"time"
)

// Source is one configured feed as the pipeline sees it: config values with
// defaults already applied and time zones already loaded.
//
// The rules (Clean, List, Articles) are pointers, nil meaning the zero
// rules, and sources with the same rules share one value, which nobody
// changes: most sources have none of their own, and inline they took 260 of
// a Source's 424 bytes, held for every configured source (issue 18).
type Source struct {
	// Name is the source's key: in URLs (?source=), the store and logs.
	Name string
	// Title is what readers see of the source; empty means Name.
	Title string
	// URL is http(s):// or file: (a local feed file).
	URL      string
	Schedule string
	Tags     []string
	// Location is the zone that naive dates in this source are read in.
	Location  *time.Location
	Timeout   time.Duration
	UserAgent string
	// Type is how URL is read: SourceAuto, SourceFeed or SourceHTML.
	Type string
	// Clean are the source's own cleaning rules (see CleanRules).
	Clean *CleanRules
	// List configures reading the source as a list page (see ListRules).
	List *ListRules
	// Articles configures fetching article pages for their full text (see
	// ArticleRules).
	Articles *ArticleRules
	Enabled  bool
	// AllowPrivate lets the fetch of this source's own URL reach loopback
	// and private addresses when the fetch guard (fetch.deny_private) is on.
	AllowPrivate bool
	// Robots obeys the site's robots.txt for list and article pages.
	Robots bool
}

// CleanRules returns the source's cleaning rules: the zero rules when
// Clean is nil.
func (s Source) CleanRules() CleanRules {
	if s.Clean == nil {
		return CleanRules{}
	}
	return *s.Clean
}

// ListRules returns the source's list rules: the zero rules when List is nil.
func (s Source) ListRules() ListRules {
	if s.List == nil {
		return ListRules{}
	}
	return *s.List
}

// ArticleRules returns the source's article rules: the zero rules when
// Articles is nil.
func (s Source) ArticleRules() ArticleRules {
	if s.Articles == nil {
		return ArticleRules{}
	}
	return *s.Articles
}

// Source types: what a source's URL serves.
const (
	SourceAuto = "auto" // decided from what the URL serves
	SourceFeed = "feed" // RSS, Atom or JSON Feed
	SourceHTML = "html" // an HTML page listing articles
)

// ListRules say how a list page is read; empty selectors leave the finding
// to edufeed.
type ListRules struct {
	// Pages is how many pages of the list a poll reads (1 to 10).
	Pages int
	// Item, Title, Link, Date and Summary are CSS selectors: Item matches
	// each entry, the others are matched inside it.
	Item, Title, Link, Date, Summary string
	// DateFormat is a Go time layout for dates the built-in forms miss.
	DateFormat string
}

// ArticleRules say when and how article pages are fetched and read.
type ArticleRules struct {
	// ForLists and ForFeeds fetch each new item's article page for list
	// pages and for feeds (whose items may carry only a summary).
	ForLists, ForFeeds bool
	// Max caps the article pages one poll fetches.
	Max int
	// Content selects the article's element; Remove selects elements
	// inside it to drop. Both are CSS selectors; empty: found by edufeed.
	Content string
	Remove  []string
}

// CleanRules are a source's own cleaning rules, as strings from the config;
// the clean package compiles them.
type CleanRules struct {
	// Builtin switches the built-in boilerplate rules on (the default) or off.
	Builtin bool
	// CutAfter cuts the content from the first block matching any of these.
	CutAfter []string
	// Drop removes blocks or lines matching any of these.
	Drop []string
	// Remove removes elements matching any of these CSS selectors.
	Remove []string
	// TitleStrip removes matches from titles.
	TitleStrip []string
}

// SourceState is what edufeed remembers about fetching a source between polls.
type SourceState struct {
	Name         string `json:"name"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`

	LastAttempt time.Time `json:"last_attempt,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	// LastError is the last poll's error text; empty after a success.
	LastError         string    `json:"last_error,omitempty"`
	LastErrorAt       time.Time `json:"last_error_at,omitzero"`
	ConsecutiveErrors int       `json:"consecutive_errors,omitempty"`
	// BackoffUntil holds polls back after failures or at the source's request.
	BackoffUntil time.Time `json:"backoff_until,omitzero"`

	// ItemCount is how many items of this source the store holds.
	ItemCount int `json:"item_count"`
	// LastResult summarises the last poll, for status output.
	LastResult   PollResult    `json:"last_result"`
	LastDuration time.Duration `json:"last_duration,omitempty"`

	// NextPollAfter holds scheduled polls back at the source's own request:
	// its RSS <ttl>, Cache-Control max-age or Expires asked for a longer wait
	// than its schedule gives. Zero when it asked for nothing longer.
	NextPollAfter time.Time `json:"next_poll_after,omitzero"`
	// TTL is the <ttl> of the last document fetched, kept so that a 304,
	// which has no body, still honours it. Zero when the feed gave none.
	TTL time.Duration `json:"ttl,omitempty"`
	// BodyHash identifies the last document saved in full, so that a server
	// that ignores conditional requests and sends the same bytes again costs
	// no parse, clean or write: the poll counts as not modified.
	BodyHash string `json:"body_hash,omitempty"`

	// Kind is what the source's URL served at the last successful poll:
	// KindFeed, KindDiscovered or KindList; empty before the first.
	Kind string `json:"kind,omitempty"`
	// FeedURL is the feed a page advertised (Kind KindDiscovered), polled
	// in the page's place.
	FeedURL string `json:"feed_url,omitempty"`
	// ListItems is how many entries the list page had at the last poll
	// that found any: a list that had some and now has none means the
	// page's layout changed.
	ListItems int `json:"list_items,omitempty"`
	// PendingArticles counts the new items whose article pages the last
	// poll left for later (articles.max): the next poll reads the list
	// again even if it did not change, to fetch them.
	PendingArticles int `json:"pending_articles,omitempty"`
	// ArticleValidators are the ETag and Last-Modified of the article pages
	// fetched for the items of the last document, by link, so that an
	// article fetched again (its listed title changed, or the feed says the
	// item was updated) is a conditional GET. Links the document no longer
	// holds are dropped.
	ArticleValidators ValidatorSet `json:"article_validators,omitempty"`
}

// Validators are what a conditional GET sends back.
type Validators struct {
	ETag, LastModified string
}

// ValidatorSet holds Validators by link, as text, so that a SourceState
// stays a comparable value (the status outputs compare states to know what
// changed). Links and header values hold no control characters, so a unit
// separator and a newline delimit them.
type ValidatorSet string

// NewValidatorSet writes m as a ValidatorSet, in link order.
func NewValidatorSet(m map[string]Validators) ValidatorSet {
	links := make([]string, 0, len(m))
	for l := range m {
		links = append(links, l)
	}
	slices.Sort(links)
	var b strings.Builder
	for _, l := range links {
		v := m[l]
		b.WriteString(l + "\x1f" + v.ETag + "\x1f" + v.LastModified + "\n")
	}
	return ValidatorSet(b.String())
}

// Map reads the set back into a map by link.
func (s ValidatorSet) Map() map[string]Validators {
	m := make(map[string]Validators)
	for line := range strings.Lines(string(s)) {
		parts := strings.Split(strings.TrimSuffix(line, "\n"), "\x1f")
		if len(parts) == 3 {
			m[parts[0]] = Validators{ETag: parts[1], LastModified: parts[2]}
		}
	}
	return m
}

// What a source's URL turned out to serve (SourceState.Kind).
const (
	KindFeed       = "feed"       // a feed
	KindDiscovered = "discovered" // an HTML page advertising a feed, read instead
	KindList       = "list"       // an HTML page listing articles
)

// PollResult counts what one poll of a source did.
type PollResult struct {
	New       int `json:"new"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Merged counts items this source carried that were already stored
	// under another source's story and now name this source too.
	Merged int `json:"merged,omitempty"`
	// Skipped counts items not stored because they were pruned before
	// (tombstoned) while the source still lists them.
	Skipped int `json:"skipped,omitempty"`
	// Filtered counts items of the poll that the configured include and
	// exclude filters keep out of the outputs (they are still stored).
	Filtered int `json:"filtered,omitempty"`
	// Articles counts the article pages fetched for their text,
	// ArticleErrors those that failed (their items keep what the list or
	// feed gave), PendingArticles the new items left for a later poll.
	Articles        int `json:"articles,omitempty"`
	ArticleErrors   int `json:"article_errors,omitempty"`
	PendingArticles int `json:"pending_articles,omitempty"`
	// NotModified is true when the source answered 304 (or the file did not change).
	NotModified bool `json:"not_modified,omitempty"`
}
