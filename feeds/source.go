package feeds

import "time"

// Source is one configured feed as the pipeline sees it: config values with
// defaults already applied and time zones already loaded.
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
	Enabled   bool
	Timeout   time.Duration
	UserAgent string
	Clean     CleanRules
	// AllowPrivate lets the fetch of this source's own URL reach loopback
	// and private addresses when the fetch guard (fetch.deny_private) is on.
	AllowPrivate bool
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
}

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
	// NotModified is true when the source answered 304 (or the file did not change).
	NotModified bool `json:"not_modified,omitempty"`
}
