// Package config loads and validates edufeed's YAML config file. Parse reports
// every problem of a file at once, each with its line, column and field path,
// and returns a Config whose defaults are filled in and whose values
// (durations, sizes, time zones, file: URLs) are resolved. AppendSources
// adds sources to a config file as text, keeping its comments; reading and
// writing OPML is feeds/opml's job.
package config

import "time"

// Checks lets callers plug in validators from packages config must not import.
type Checks struct {
	Schedule func(spec string) error // cron spec checker (poll.CheckSchedule); nil = no check
	Selector func(sel string) error  // CSS selector checker; nil = no check
	// LookupEnv reads the environment variables that notify targets name
	// for their secrets; nil = os.LookupEnv.
	LookupEnv func(name string) (string, bool)
}

// Config is one edufeed config file, defaults applied.
type Config struct {
	// Listen is the HTTP address, host:port.
	Listen   string   `yaml:"listen"`
	Store    Store    `yaml:"store"`
	Feed     Feed     `yaml:"feed"`
	Defaults Defaults `yaml:"defaults"`
	Sources  []Source `yaml:"sources"`
	// Filters decide which stored items every output shows.
	Filters Filters `yaml:"filters"`
	// Tags are global tag rules, tried on the items of every source.
	Tags []TagRule `yaml:"tags"`
	// Channels are named selections of the items, each served as feeds of
	// its own; see Channel.
	Channels []Channel `yaml:"channels"`
	Admin    Admin     `yaml:"admin"`
	Fetch    Fetch     `yaml:"fetch"`
	// Notify are the targets new stories are pushed to (notify.go).
	Notify []NotifyTarget `yaml:"notify"`
	// MemoryLimit is the daemon's soft memory limit (memory.go).
	MemoryLimit MemoryLimit `yaml:"memory_limit"`

	// Path is the file the config was read from, as given to Load or Parse.
	Path string `yaml:"-"`

	// linkFromListen is set when Feed.Link is the default made from Listen.
	linkFromListen bool
}

// Store configures the item store: one bbolt file (the default), or a
// PostgreSQL database that several instances share.
type Store struct {
	// Driver is "bolt" (the default) or "postgres".
	Driver string `yaml:"driver"`
	// DSN is the PostgreSQL connection string (driver postgres only), a
	// URL (postgres://user:pass@host/db) or key=value pairs. It may hold a
	// password: show it only through RedactedDSN.
	DSN string `yaml:"dsn"`
	// Lease is how long an instance holds a source it polls before another
	// may take it over (driver postgres); renewed while the poll runs.
	Lease time.Duration `yaml:"lease"`
	// Path is the database file, made absolute against the config file's directory.
	Path string `yaml:"path"`
	// Retention is how long items are kept; the file may say "30d".
	Retention time.Duration `yaml:"retention"`
	// MaxItems caps the items kept; 0 means no cap.
	MaxItems int `yaml:"max_items"`
	// KeepPerSource is how many of each source's newest items survive
	// pruning by Retention and MaxItems, so that a source that posts
	// twice a year (or the bundled sample feed) keeps its last items; 0
	// keeps none.
	KeepPerSource int `yaml:"keep_per_source"`
}

// Feed describes the merged feed edufeed serves.
type Feed struct {
	Title string `yaml:"title"`
	// Link is an absolute http(s) URL; it defaults to http://<listen>/.
	Link        string `yaml:"link"`
	Description string `yaml:"description"`
	Language    string `yaml:"language"`
	// MaxItems is how many items one feed response carries at most.
	MaxItems int `yaml:"max_items"`
}

// Defaults hold what sources inherit and the limits of the poller.
type Defaults struct {
	Schedule string        `yaml:"schedule"`
	Timeout  time.Duration `yaml:"timeout"`
	// UserAgent is empty to let the fetcher send its own edufeed agent.
	UserAgent string `yaml:"user_agent"`
	Timezone  string `yaml:"timezone"`
	// Location is Timezone loaded.
	Location *time.Location `yaml:"-"`
	// Concurrency caps fetches running at once.
	Concurrency int `yaml:"concurrency"`
	// PerHost caps fetches to one host at once.
	PerHost int `yaml:"per_host"`
	// MaxBody caps a fetched body, in bytes; the file may say "10MiB".
	MaxBody int64 `yaml:"max_body"`
	// HostDelay is the least time between two requests to one host; 0
	// spaces nothing. A site's robots.txt Crawl-delay may lengthen it.
	HostDelay time.Duration `yaml:"host_delay"`
}

// Source is one feed to poll. Fields the file leaves out are inherited from
// Defaults, so every field is meaningful after Parse.
type Source struct {
	// Name is unique and URL-safe ([A-Za-z0-9._-]+): it is used in ?source=.
	Name string `yaml:"name"`
	// Title is what readers see: the outputs name the source by it (RSS
	// <source>, Atom <source><title>, JSON Feed _edufeed, the status page
	// and OPML), while Name stays its key in URLs. It defaults to Name.
	Title string `yaml:"title"`
	// URL is http(s) as written, or a file: URL made absolute (file:///...).
	URL      string `yaml:"url"`
	Schedule string `yaml:"schedule"`
	// Tags are the plain entries of the file's tags list: every item of the
	// source carries them.
	Tags []string `yaml:"tags"`
	// TagRules are the {match, tag} entries of the same list: the tag is
	// added to those items of this source that match.
	TagRules []TagRule `yaml:"-"`
	// Include and Exclude filter this source's items; see Filters.
	Include  []string `yaml:"include"`
	Exclude  []string `yaml:"exclude"`
	Timezone string   `yaml:"timezone"`
	// Location is Timezone loaded: the zone naive dates of this source are read in.
	Location  *time.Location `yaml:"-"`
	Enabled   bool           `yaml:"enabled"`
	Timeout   time.Duration  `yaml:"timeout"`
	UserAgent string         `yaml:"user_agent"`
	Clean     CleanRules     `yaml:"clean"`
	// AllowPrivate lets this source's own host be a loopback, private or
	// link-local address although Fetch.DenyPrivate is on: for a feed on
	// the intranet that the operator means to read. Redirects to other
	// hosts are still checked. Default false.
	AllowPrivate bool `yaml:"allow_private"`

	// Type says what URL serves: TypeAuto (decided from what it serves:
	// a feed, a page that advertises one, or a list page), TypeFeed or
	// TypeHTML (a list page).
	Type string `yaml:"type"`
	// Pages is how many pages of a list a poll reads, following its
	// next-page links: 1 to 10, default 1.
	Pages int `yaml:"pages"`
	// List overrides the list finder with CSS selectors.
	List ListSelectors `yaml:"list"`
	// DateFormat is a Go time layout (2006-01-02) for list dates in a form
	// the built-in ones miss.
	DateFormat string `yaml:"date_format"`
	// FullText fetches each new item's article page for its text. Unset, it
	// is on for list pages and off for feeds; FullTextSet tells.
	FullText    bool `yaml:"full_text"`
	FullTextSet bool `yaml:"-"`
	// MaxArticles caps the article pages one poll fetches (default 30); the
	// rest come on later polls.
	MaxArticles int `yaml:"max_articles"`
	// Robots obeys the site's robots.txt for list and article pages
	// (default true); false is for an operator with the site's permission.
	Robots bool `yaml:"robots"`
	// Article overrides the article extractor with CSS selectors.
	Article ArticleSelectors `yaml:"article"`
}

// Source types.
const (
	TypeAuto = "auto"
	TypeFeed = "feed"
	TypeHTML = "html"
)

// ListSelectors name a list page's parts by CSS selector: Item matches
// each entry, the others are matched inside it. Empty fields are found
// as without selectors.
type ListSelectors struct {
	Item    string `yaml:"item"`
	Title   string `yaml:"title"`
	Link    string `yaml:"link"`
	Date    string `yaml:"date"`
	Summary string `yaml:"summary"`
}

// ArticleSelectors override the article extractor for one site.
type ArticleSelectors struct {
	// Content selects the element holding the article's text.
	Content string `yaml:"content"`
	// Remove selects elements inside it to drop.
	Remove []string `yaml:"remove"`
}

// CleanRules are a source's own cleaning rules, checked but not compiled.
type CleanRules struct {
	// Builtin switches the built-in boilerplate rules on (the default) or off.
	Builtin bool `yaml:"builtin"`
	// CutAfter are regexps: content is cut from the first block matching one.
	CutAfter []string `yaml:"cut_after"`
	// Drop are regexps: matching blocks or lines are removed.
	Drop []string `yaml:"drop"`
	// Remove are CSS selectors of elements to remove.
	Remove []string `yaml:"remove"`
	// TitleStrip are regexps removed from titles.
	TitleStrip []string `yaml:"title_strip"`
}

// Filters are patterns that decide which stored items the outputs show.
// Every pattern is a Go RE2 regular expression matched case-insensitively
// against an item's title and plain text (a plain keyword such as 高考 is a
// valid pattern); Parse has compiled each one. Items are stored whatever
// the filters say, so a changed filter changes the outputs at once.
type Filters struct {
	// Include, when not empty, shows only the items matching one of them.
	Include []string `yaml:"include"`
	// Exclude hides the items matching one of them; it wins over Include.
	Exclude []string `yaml:"exclude"`
}

// TagRule adds Tag to the items whose title or text matches Match, a
// pattern as in Filters.
type TagRule struct {
	Match string `yaml:"match"`
	// Tag follows the rule of a source's plain tags: no spaces or commas.
	Tag string `yaml:"tag"`
}

// Admin configures the admin routes of the HTTP server.
type Admin struct {
	// Token is the bearer token the admin routes ask for; empty turns them
	// off. Parse reads only the file: the edufeed command lets the
	// EDUFEED_ADMIN_TOKEN environment variable override it, so that a
	// secret need not sit in the config file.
	Token string `yaml:"token"`
}

// Fetch holds what guards the fetcher itself.
type Fetch struct {
	// DenyPrivate refuses connections to loopback, private (RFC 1918,
	// fc00::/7), link-local (including cloud metadata at 169.254.169.254),
	// CGNAT, multicast and reserved addresses, checked on the resolved
	// address at dial time so that DNS rebinding cannot get past it. It
	// covers redirects and every URL edufeed did not get from the operator,
	// so that a feed cannot turn edufeed against the network it runs in;
	// a source may opt out for its own host with allow_private. With it on,
	// the HTTP(S)_PROXY environment variables are ignored, since a proxy
	// would hide the address really dialled. Default true, as in Miniflux:
	// a source on loopback or the local network needs allow_private, or the
	// whole guard turned off for a personal instance that only reads feeds
	// its operator chose.
	DenyPrivate bool `yaml:"deny_private"`
}

// SourceByName returns the source called name.
func (c *Config) SourceByName(name string) (*Source, bool) {
	for i := range c.Sources {
		if c.Sources[i].Name == name {
			return &c.Sources[i], true
		}
	}
	return nil, false
}

// SetListen replaces the listen address, as a -listen flag does, and moves
// the feed link along with it when the file did not set a link.
func (c *Config) SetListen(addr string) {
	c.Listen = addr
	if c.linkFromListen {
		c.Feed.Link = linkFor(addr)
	}
}
