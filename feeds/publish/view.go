package publish

import (
	"net/url"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// view is everything a renderer needs for one feed body. It is built once per
// cache miss; the renderers are pure functions of it, which is what lets the
// body be cached and its ETag be a hash of the bytes.
type view struct {
	info     Info   // defaults applied
	title    string // the feed's title: info.Title and the query's filters
	base     string // public base URL, ending in "/"
	query    string // canonical query with its "?", or ""
	items    []feeds.Item
	sources  map[string]feeds.Source
	modified time.Time // the Last-Modified of the response
	version  string    // of edufeed, for the generator fields
}

// generator names the software that wrote the feed.
func (v *view) generator() string {
	if v.version == "" {
		return "edufeed"
	}
	return "edufeed " + v.version
}

// self is the URL of this very feed in the given format.
func (v *view) self(file string) string { return v.base + file + v.query }

// sourceURL returns a URL for the named source's own feed. A source read from
// a local file has no URL a reader could follow, so it is given our own feed
// filtered to that source instead. ok is false for a source no longer in the
// config.
func (v *view) sourceURL(name, file string) (u string, ok bool) {
	src, ok := v.sources[name]
	if !ok {
		return "", false
	}
	if p, err := url.Parse(src.URL); err == nil && (p.Scheme == "http" || p.Scheme == "https") {
		return xmlText(src.URL), true
	}
	return v.base + file + "?source=" + url.QueryEscape(name), true
}

// format is one feed route.
type format struct {
	file        string // path under the base URL, also the route
	contentType string
	render      func(*view) ([]byte, error)
}

// formatFor returns the feed format served at path.
func formatFor(path string) (format, bool) {
	switch path {
	case "/" + rssFile:
		return format{rssFile, "application/rss+xml; charset=utf-8", renderRSS}, true
	case "/" + atomFile:
		return format{atomFile, "application/atom+xml; charset=utf-8", renderAtom}, true
	case "/" + jsonFile:
		return format{jsonFile, "application/feed+json; charset=utf-8", renderJSON}, true
	}
	return format{}, false
}

// The feed files, relative to the base URL.
const (
	rssFile  = "feed.xml"
	atomFile = "feed.atom"
	jsonFile = "feed.json"
)
