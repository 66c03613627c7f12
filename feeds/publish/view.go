package publish

import (
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// view is everything a renderer needs for one feed body. It is built once per
// cache miss; the renderers are pure functions of it, which is what lets the
// body be cached and its ETag be a hash of the bytes.
type view struct {
	info     Info   // defaults applied
	stem     string // a channel's path without extension, c/NAME; "" for the merged feed
	title    string // the feed's title: info.Title and the query's filters
	base     string // public base URL, ending in "/"
	query    string // canonical query with its "?", or ""
	items    []feeds.Item
	sources  map[string]*feeds.Source
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

// self is the URL of this very feed in the format of file (rssFile,
// atomFile or jsonFile).
func (v *view) self(file string) string {
	if v.stem != "" {
		file = v.stem + path.Ext(file)
	}
	return v.base + file + v.query
}

// sourceTitle is what readers see of the named source: its configured
// title, or its name when it has none or has left the config.
func (v *view) sourceTitle(name string) string {
	return sourceTitle(v.sources, name)
}

// sourceTitle is the title of the named source among known, made safe to
// write; its name when it has none or is not among them.
func sourceTitle(known map[string]*feeds.Source, name string) string {
	if src, ok := known[name]; ok {
		return titleOf(*src)
	}
	return xmlText(name)
}

// titleOf is src's title made safe to write, or its name when it has none.
func titleOf(src feeds.Source) string {
	if t := strings.TrimSpace(xmlText(src.Title)); t != "" {
		return t
	}
	return xmlText(src.Name)
}

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
