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
	"strconv"
	"strings"
	"sync"
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
	// Sources are the configured sources, in config order.
	Sources []feeds.Source
	// NextRun, if set, reports a source's next scheduled poll for /healthz.
	NextRun func(source string) time.Time
	Logger  *slog.Logger
	// Version is edufeed's version, written into the feeds' generator.
	Version string
	// Classifier, if set, hides filtered items and gives items their tags
	// (feeds/filter.Filter is one); without it every item shows with the
	// tags stored with it.
	Classifier Classifier
}

// Classifier decides, when a feed is rendered, which stored items it shows
// and which tags they carry, so that a config reload changes outputs at once.
type Classifier interface {
	Show(it *feeds.Item) bool
	Tags(it *feeds.Item) []string
}

// cacheControl keeps clients and proxies from asking more than once a minute
// without hiding a fresh poll for long.
const cacheControl = "public, max-age=60"

// errRenderPanicked is what requests waiting on a render get if it panicked.
var errRenderPanicked = errors.New("publish: feed render panicked")

// Handler serves /feed.xml, /feed.atom, /feed.json, /healthz, the status
// page at /, /api/sources and /sources.opml. It is safe for concurrent use.
type Handler struct {
	r       Reader
	info    Info
	nextRun func(string) time.Time
	log     *slog.Logger
	version string
	cache   *cache

	mu         sync.RWMutex
	sources    []feeds.Source
	byName     map[string]feeds.Source
	classifier Classifier
	sourcesGen uint64
}

// NewHandler returns a handler reading from r.
func NewHandler(r Reader, opts Options) *Handler {
	h := &Handler{
		r:       r,
		info:    normalizeInfo(opts.Info),
		nextRun: opts.NextRun,
		log:     opts.Logger,
		version: xmlText(opts.Version),
		cache:   newCache(defaultCacheEntries),
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.classifier = opts.Classifier
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

// SetSources replaces the configured sources, as after a config reload. Bodies
// rendered with the old sources are dropped, since source URLs and tags show
// in them.
func (h *Handler) SetSources(src []feeds.Source) {
	src = append([]feeds.Source(nil), src...)
	byName := make(map[string]feeds.Source, len(src))
	for _, s := range src {
		byName[s.Name] = s
	}
	h.mu.Lock()
	h.sources, h.byName = src, byName
	h.sourcesGen++
	h.mu.Unlock()
}

// SetClassifier replaces the filters and tag rules, as after a config
// reload; bodies rendered with the old ones are dropped.
func (h *Handler) SetClassifier(c Classifier) {
	h.mu.Lock()
	h.classifier = c
	h.sourcesGen++
	h.mu.Unlock()
}

// classify returns the classifier in force, or nil.
func (h *Handler) classify() Classifier {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.classifier
}

// snapshot returns the current sources; callers must not modify them.
func (h *Handler) snapshot() ([]feeds.Source, map[string]feeds.Source, uint64) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.sources, h.byName, h.sourcesGen
}

// ServeHTTP routes a request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	f, isFeed := formatFor(req.URL.Path)
	page := h.pageFor(req.URL.Path)
	if !isFeed && page == nil {
		http.NotFound(w, req)
		return
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if isFeed {
		h.serveFeed(w, req, f)
		return
	}
	page(w, req)
}

// serveFeed answers one feed request from the cache, rendering on a miss.
func (h *Handler) serveFeed(w http.ResponseWriter, req *http.Request, f format) {
	_, byName, sourcesGen := h.snapshot()
	fq, err := parseFeedQuery(req.URL.Query(), byName, h.info.MaxItems)
	if bad, ok := errors.AsType[*badQueryError](err); ok {
		http.Error(w, bad.msg, bad.status)
		return
	}
	ver, modified, err := h.r.Version()
	if err != nil {
		h.log.Error("publish: read store version", "path", req.URL.Path, "err", err)
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return
	}
	base := h.base(req)
	key := f.file + " " + base + fq.encode()
	e, err := h.cache.get(req.Context(), key, generation{ver, sourcesGen}, func() (*entry, error) {
		return h.render(f, fq, base, byName, modified)
	})
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return // the client has gone
		}
		h.log.Error("publish: render feed", "path", req.URL.Path, "query", fq.encode(), "err", err)
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return
	}
	writeEntry(w, req, f.contentType, e)
}

// render reads the items for one feed and renders its body.
func (h *Handler) render(f format, fq feedQuery, base string, byName map[string]feeds.Source, modified time.Time) (*entry, error) {
	items, err := h.r.Items(fq.storeQuery(byName, h.classify()))
	if err != nil {
		return nil, fmt.Errorf("publish: read items for %s%s: %w", f.file, fq.encode(), err)
	}
	if modified.IsZero() {
		modified = newest(items)
	}
	info := h.info
	info.Link = base
	v := &view{
		info:     info,
		base:     base,
		query:    fq.encode(),
		items:    items,
		sources:  byName,
		modified: modified,
		version:  h.version,
	}
	body, err := f.render(v)
	if err != nil {
		return nil, fmt.Errorf("publish: render %s%s: %w", f.file, fq.encode(), err)
	}
	return newEntry(body, modified)
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
// It writes the cached bytes as they are, so a hit costs no rendering and no
// copy of the feed.
func writeEntry(w http.ResponseWriter, req *http.Request, contentType string, e *entry) {
	gz := acceptsGzip(req.Header.Values("Accept-Encoding"))
	body, etag := e.body, e.etag
	if gz {
		body, etag = e.gz, e.etagGz
	}
	hdr := w.Header()
	hdr.Set("Vary", "Accept-Encoding")
	hdr.Set("Cache-Control", cacheControl)
	hdr.Set("ETag", etag)
	if !e.modified.IsZero() {
		hdr.Set("Last-Modified", e.modified.UTC().Format(http.TimeFormat))
	}
	if notModified(req, etag, e.modified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr.Set("Content-Type", contentType)
	hdr.Set("X-Content-Type-Options", "nosniff")
	if gz {
		hdr.Set("Content-Encoding", "gzip")
	}
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if req.Method != http.MethodHead {
		w.Write(body) // an error here means the client left; nothing to do
	}
}
