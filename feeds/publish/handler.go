// Package publish serves the merged items of the store as RSS 2.0, Atom 1.0
// and JSON Feed 1.1, with a health report beside them. It only reads the
// store, renders each feed body once per store version, and answers
// conditional and compressed requests from that cache.
package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// Reader is the read side of the store that the publisher needs.
type Reader interface {
	Items(q store.Query) ([]feeds.Item, error)
	Version() (uint64, time.Time, error)
	States() ([]feeds.SourceState, error)
	Stats() (store.Stats, error)
}

// Info is the merged feed's own metadata (the config's `feed:` section).
type Info struct {
	Title       string
	Link        string // public base URL, e.g. http://127.0.0.1:8080/
	Description string
	Language    string
	MaxItems    int // the most items a feed returns; 0 means DefaultMaxItems
}

// DefaultMaxItems is the feed length when Info.MaxItems is not set.
const DefaultMaxItems = 200

// Options configure a Handler.
type Options struct {
	Info Info
	// Sources are the configured sources, in config order. The handler
	// keeps the slice, not a copy: the caller must not modify it.
	Sources []feeds.Source
	// NextRuns, if set, reports every source's next scheduled poll, given
	// their states, for the status outputs; *poll.Scheduler.NextRuns is one.
	NextRuns func(states []feeds.SourceState) map[string]time.Time
	Logger   *slog.Logger
	// Channels are the configured channels, in config order.
	Channels []Channel
	// Version is edufeed's version, written into the feeds' generator.
	Version string
	// Classifier, if set, hides filtered items and gives items their tags
	// (feeds/filter.Filter is one); without it every item shows with the
	// tags stored with it, and ?tag= knows only the sources' plain tags.
	Classifier Classifier
	// Now is the clock, read when a configuration takes effect; nil means
	// time.Now.
	Now func() time.Time
	// Notify, if set, reports the notify targets for the status page.
	Notify func() []feeds.NotifyStatus
}

// Classifier decides, when a feed is rendered, which stored items it shows
// and which tags they carry, so that a config reload changes outputs at once.
type Classifier interface {
	Show(it *feeds.Item) bool
	Tags(it *feeds.Item) []string
	// KnownTags lists every tag it can give an item. With the configured
	// sources' plain tags, they are the tags ?tag= may ask for: any other
	// is a 404 that reads no item.
	KnownTags() []string
}

// cacheControl keeps clients and proxies from asking more than once a minute
// without hiding a fresh poll for long.
const cacheControl = "public, max-age=60"

// errRenderPanicked is what requests waiting on a render get if it panicked.
var errRenderPanicked = errors.New("publish: feed render panicked")

// Handler serves /feed.xml, /feed.atom, /feed.json, the channels'
// /c/NAME.xml, /c/NAME.atom and /c/NAME.json, /healthz, the status page at
// /, /api/sources, /sources.opml and /channels.opml. It is safe for concurrent use.
type Handler struct {
	r       Reader
	info    Info
	nextRun func([]feeds.SourceState) map[string]time.Time // Options.NextRuns
	now     func() time.Time
	log     *slog.Logger
	version string
	cache   *cache
	rows    statusRows // encoded rows of /healthz and /api/sources
	// counts are the channels' item counts last shown on the status page.
	counts atomic.Pointer[channelCount]
	notify func() []feeds.NotifyStatus

	// conf is what a config reload replaces. Requests only load it, so a
	// cache hit takes no lock for it; mu orders the writers.
	mu   sync.Mutex
	conf atomic.Pointer[handlerConfig]
}

// handlerConfig is one immutable state of the reloadable configuration.
type handlerConfig struct {
	sources    []feeds.Source
	byName     map[string]*feeds.Source
	classifier Classifier
	tags       map[string]bool // the tags ?tag= may ask for, lower-cased
	// channels are in config order; channelByName points into them.
	channels      []Channel
	channelByName map[string]*Channel
	gen           uint64 // moves on every change, dropping cached bodies
	// since is when this configuration took effect. No feed's
	// Last-Modified is earlier: what a feed shows may have changed then
	// (a filter added, a source removed) without any store write.
	since time.Time
}

// NewHandler returns a handler reading from r.
func NewHandler(r Reader, opts Options) *Handler {
	h := &Handler{
		r:       r,
		info:    normalizeInfo(opts.Info),
		nextRun: opts.NextRuns,
		now:     opts.Now,
		log:     opts.Logger,
		version: xmlText(opts.Version),
		notify:  opts.Notify,
	}
	h.cache = newCache(cacheBytes(h.info.MaxItems))
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	chans, byName := indexChannels(opts.Channels)
	h.conf.Store(&handlerConfig{classifier: opts.Classifier, channels: chans, channelByName: byName})
	h.SetSources(opts.Sources)
	return h
}

// normalizeInfo applies defaults and makes the metadata safe to write.
func normalizeInfo(in Info) Info {
	out := Info{
		Title:       strings.TrimSpace(xmlText(in.Title)),
		Link:        strings.TrimSpace(xmlText(in.Link)),
		Description: strings.TrimSpace(xmlText(in.Description)),
		Language:    strings.TrimSpace(xmlText(in.Language)),
		MaxItems:    in.MaxItems,
	}
	if out.Title == "" {
		out.Title = "edufeed"
	}
	if out.Description == "" {
		out.Description = out.Title
	}
	// Link is a base that feed paths are appended to.
	if out.Link != "" && !strings.HasSuffix(out.Link, "/") {
		out.Link += "/"
	}
	if out.MaxItems <= 0 {
		out.MaxItems = DefaultMaxItems
	}
	return out
}

// classify returns the classifier in force, or nil.
func (h *Handler) classify() Classifier {
	return h.conf.Load().classifier
}

// snapshot returns the current sources; callers must not modify them.
func (h *Handler) snapshot() ([]feeds.Source, map[string]*feeds.Source, uint64) {
	c := h.conf.Load()
	return c.sources, c.byName, c.gen
}

// ServeHTTP routes a request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	f, isFeed := formatFor(req.URL.Path)
	var page http.HandlerFunc
	var conf *handlerConfig
	var ch *Channel
	if !isFeed {
		var name string
		if name, f, isFeed = channelRoute(req.URL.Path); isFeed {
			conf = h.conf.Load()
			if ch = conf.channelByName[name]; ch == nil {
				http.Error(w, "unknown channel", http.StatusNotFound)
				return
			}
		} else if page = h.pageFor(req.URL.Path); page == nil {
			http.NotFound(w, req)
			return
		}
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch {
	case ch != nil:
		h.serveChannel(w, req, f, conf, ch)
	case isFeed:
		h.serveFeed(w, req, f)
	default:
		page(w, req)
	}
}

// serveFeed answers one feed request from the cache, rendering on a miss.
// A hit without a query string parses nothing and allocates nothing of its
// own: it is what feed readers polling an unchanged feed cost.
func (h *Handler) serveFeed(w http.ResponseWriter, req *http.Request, f format) {
	conf := h.conf.Load()
	fq := feedQuery{limit: h.info.MaxItems, max: h.info.MaxItems}
	query := ""
	if req.URL.RawQuery != "" {
		var err error
		fq, err = parseFeedQuery(req.URL.Query(), conf, h.info.MaxItems)
		if bad, ok := errors.AsType[*badQueryError](err); ok {
			http.Error(w, bad.msg, bad.status)
			return
		}
		query = fq.encode()
	}
	h.serveQuery(w, req, f, conf, fq, query)
}

// serveQuery answers the feed fq asks for from the cache, rendering on a
// miss; query is fq.encode(), or "" for a request without a query string.
func (h *Handler) serveQuery(w http.ResponseWriter, req *http.Request, f format, conf *handlerConfig, fq feedQuery, query string) {
	ver, modified, err := h.r.Version()
	if err != nil {
		h.log.Error("publish: read store version", "path", req.URL.Path, "err", err)
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return
	}
	key := cacheKey{file: f.file, base: h.base(req), query: query}
	e, err := h.cache.get(req.Context(), key, generation{ver, conf.gen}, func() (*entry, error) {
		return h.render(f, fq, key.base, conf, modified)
	})
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return // the client has gone
		}
		h.log.Error("publish: render feed", "path", req.URL.Path, "query", query, "err", err)
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return
	}
	writeEntry(w, req, e)
}

// render reads the items for one feed and renders its body.
func (h *Handler) render(f format, fq feedQuery, base string, conf *handlerConfig, modified time.Time) (*entry, error) {
	items, err := h.r.Items(fq.storeQuery(conf.byName, conf.classifier))
	if err != nil {
		return nil, fmt.Errorf("publish: read items for %s%s: %w", f.file, fq.encode(), err)
	}
	if modified.IsZero() {
		modified = newest(items)
	}
	// The body keeps the store's time, so that it, and its ETag, stay the
	// same across restarts that change nothing; the header moves with the
	// configuration too, for clients that send only If-Modified-Since.
	lastModified := modified
	if conf.since.After(lastModified) {
		lastModified = conf.since
	}
	info := h.info
	info.Link = base
	stem := ""
	if fq.channel != nil {
		info.Description = fq.channel.Description
		stem = strings.TrimSuffix(f.file, path.Ext(f.file))
	}
	v := &view{
		stem:     stem,
		info:     info,
		title:    fq.title(info.Title),
		base:     base,
		query:    fq.encode(),
		items:    items,
		sources:  conf.byName,
		modified: modified,
		version:  h.version,
	}
	body, err := f.render(v)
	if err != nil {
		return nil, fmt.Errorf("publish: render %s%s: %w", f.file, fq.encode(), err)
	}
	return newEntry(body, lastModified, f.contentType)
}

// base is the public URL the feed paths hang from: the configured link, or,
// when none is configured, the one the request came in on.
func (h *Handler) base(req *http.Request) string {
	if h.info.Link != "" {
		return h.info.Link
	}
	scheme := "http"
	if req.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + xmlText(req.Host) + "/"
}

// writeEntry writes a cached body, or 304 when the client has it already.
// It writes the cached bytes as they are, in one Write, so a hit costs no
// rendering and no copy of the feed. The header values were built with the
// entry; they are assigned to the map directly, by canonical key, which
// skips the key canonicalisation and the one-element slice that Header.Set
// allocates per field.
func writeEntry(w http.ResponseWriter, req *http.Request, e *entry) {
	v := &e.plain
	if acceptsGzip(req.Header["Accept-Encoding"]) {
		v = &e.gz
	}
	hdr := w.Header()
	hdr["Vary"] = e.vary
	hdr["Cache-Control"] = e.cacheControl
	hdr["Etag"] = v.etagHdr
	if e.lastModifiedHdr != nil {
		hdr["Last-Modified"] = e.lastModifiedHdr
	}
	if notModified(req, v.etag, e) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr["Content-Type"] = e.contentType
	hdr["X-Content-Type-Options"] = e.nosniff
	if v.encodingHdr != nil {
		hdr["Content-Encoding"] = v.encodingHdr
	}
	hdr["Content-Length"] = v.lengthHdr
	w.WriteHeader(http.StatusOK)
	if req.Method != http.MethodHead {
		w.Write(v.body) // an error here means the client left; nothing to do
	}
}
