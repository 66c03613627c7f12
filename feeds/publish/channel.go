package publish

import (
	"github.com/edufeed/edufeed/feeds/opml"

	"errors"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// Channel is a named selection of the items the outputs show, served as
// feeds of its own at /c/NAME.xml, /c/NAME.atom and /c/NAME.json, with its
// own title, self links, ETags and cache entries: one feed per audience
// rather than one feed with ?tag= in its URL.
type Channel struct {
	// Name is the NAME of the routes; the config keeps it URL-safe.
	Name string
	// Title is the feeds' title; Name when empty.
	Title string
	// Description is the feeds' description; Title when empty.
	Description string
	// Sources, when not empty, keeps the channel to the items one of
	// these sources carried; the store reads only those.
	Sources []string
	// Select, if set, reports whether an item the outputs show belongs to
	// the channel. It sees the item with the tags the Classifier gave it
	// (feeds/filter.Selector.Selects is one).
	Select func(it *feeds.Item) bool
}

// channelPrefix is the path under the base URL that channels hang from.
const channelPrefix = "c/"

// channelRoute splits a channel route such as /c/zhaosheng.atom into the
// channel's name and the feed format; ok is false for any other path.
func channelRoute(p string) (name string, f format, ok bool) {
	rest, found := strings.CutPrefix(p, "/"+channelPrefix)
	if !found {
		return "", format{}, false
	}
	ext := path.Ext(rest)
	name = strings.TrimSuffix(rest, ext)
	if name == "" || strings.Contains(name, "/") {
		return "", format{}, false
	}
	if f, ok = formatFor("/feed" + ext); !ok {
		return "", format{}, false
	}
	f.file = channelPrefix + rest
	return name, f, true
}

// indexChannels copies chans with their defaults applied, made safe to
// write, and indexes them by name.
func indexChannels(chans []Channel) ([]Channel, map[string]*Channel) {
	out := make([]Channel, len(chans))
	byName := make(map[string]*Channel, len(chans))
	for i, c := range chans {
		c.Title = strings.TrimSpace(xmlText(c.Title))
		if c.Title == "" {
			c.Title = c.Name
		}
		c.Description = strings.TrimSpace(xmlText(c.Description))
		if c.Description == "" {
			c.Description = c.Title
		}
		c.Sources = slices.Compact(slices.Sorted(slices.Values(c.Sources)))
		out[i] = c
		byName[c.Name] = &out[i]
	}
	return out, byName
}

// selects reports whether it, shown and tagged, belongs to the channel. A
// nil channel is the merged feed: every item belongs to it.
func (c *Channel) selects(it *feeds.Item) bool {
	if c == nil {
		return true
	}
	if len(c.Sources) > 0 && !slices.ContainsFunc(itemSources(it), func(name string) bool {
		_, found := slices.BinarySearch(c.Sources, name)
		return found
	}) {
		return false
	}
	return c.Select == nil || c.Select(it)
}

// serveChannel answers a channel's feed. Only ?limit= is read: the channel
// itself says which items it has.
func (h *Handler) serveChannel(w http.ResponseWriter, req *http.Request, f format, conf *handlerConfig, ch *Channel) {
	max := h.info.MaxItems
	fq := feedQuery{sources: ch.Sources, limit: max, max: max, channel: ch}
	query := ""
	if req.URL.RawQuery != "" {
		var err error
		fq.limit, err = parseLimit(req.URL.Query(), max)
		if bad, ok := errors.AsType[*badQueryError](err); ok {
			http.Error(w, bad.msg, bad.status)
			return
		}
		query = fq.encode()
	}
	h.serveQuery(w, req, f, conf, fq, query)
}

// channelCount is the number of items each channel's feed holds, as of one
// store version and configuration.
type channelCount struct {
	ver, gen uint64
	n        []int // by index in handlerConfig.channels
}

// channelCounts counts the items each channel of conf has in its feed (at
// most the feed's length, max_items), reading for each what its feed reads:
// a channel of sources only its sources' newest stories. It remembers the
// counts until the store or the configuration changes. Counting every
// stored story instead read a million stories per view after each change
// (24 s of CPU).
func (h *Handler) channelCounts(conf *handlerConfig) ([]int, error) {
	if len(conf.channels) == 0 {
		return nil, nil
	}
	ver, _, err := h.r.Version()
	if err != nil {
		return nil, err
	}
	if c := h.counts.Load(); c != nil && c.ver == ver && c.gen == conf.gen {
		return c.n, nil
	}
	n := make([]int, len(conf.channels))
	for i := range conf.channels {
		ch := &conf.channels[i]
		fq := feedQuery{sources: ch.Sources, limit: h.info.MaxItems, max: h.info.MaxItems, channel: ch}
		items, err := h.r.Items(fq.storeQuery(conf.byName, conf.classifier))
		if err != nil {
			return nil, err
		}
		n[i] = len(items)
	}
	h.counts.Store(&channelCount{ver: ver, gen: conf.gen, n: n})
	return n, nil
}

// channelsSection is what the status page's channel table shows.
type channelsSection struct {
	T    *pageText // the reader's language
	OPML string
	List []pageChannel
}

type pageChannel struct {
	Title, Description string
	Feed               string // the channel's RSS feed
	Links              []pageLink
	Items              string // a count, or "–" when the store cannot be read
}

// pageChannels lists the channels of conf for the status page.
func (h *Handler) pageChannels(conf *handlerConfig, base string) channelsSection {
	counts, err := h.channelCounts(conf)
	if err != nil {
		h.log.Error("publish: status page: count channel items", "err", err)
	}
	sec := channelsSection{OPML: base + channelsOPMLFile}
	for i, c := range conf.channels {
		stem := base + channelPrefix + url.PathEscape(c.Name)
		pc := pageChannel{
			Title:       c.Title,
			Description: c.Description,
			Feed:        stem + ".xml",
			Links: []pageLink{
				{Text: "RSS", Href: stem + ".xml"},
				{Text: "Atom", Href: stem + ".atom"},
				{Text: "JSON Feed", Href: stem + ".json"},
			},
			Items: "–",
		}
		if i < len(counts) {
			pc.Items = strconv.Itoa(counts[i])
		}
		sec.List = append(sec.List, pc)
	}
	return sec
}

// channelsOPMLFile is the channels' subscription list under the base URL.
const channelsOPMLFile = "channels.opml"

// serveChannelsOPML answers /channels.opml: every channel's RSS feed, in
// config order, so that a reader subscribes to all of them at once.
func (h *Handler) serveChannelsOPML(w http.ResponseWriter, req *http.Request) {
	conf := h.conf.Load()
	base := h.base(req)
	doc := opml.Document{Title: h.info.Title + " · channels", Created: time.Now(), Outlines: make([]opml.Outline, 0, len(conf.channels))}
	for _, c := range conf.channels {
		doc.Outlines = append(doc.Outlines, opml.Outline{
			Text:        c.Title,
			Description: c.Description,
			XMLURL:      base + channelPrefix + url.PathEscape(c.Name) + ".xml",
		})
	}
	h.writeOPML(w, req, channelsOPMLFile, doc)
}
