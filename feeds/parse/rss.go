package parse

import (
	"strconv"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"

	"github.com/edufeed/edufeed/feeds"
)

// fromRSS maps an RSS document. The universal feed uni comes from gofeed's
// translator, which already applies the Dublin Core and embedded-Atom
// fallbacks; doc is read for what the translation drops (isPermaLink, ttl).
func fromRSS(doc *rss.Feed, uni *gofeed.Feed, base string) *feeds.Feed {
	f := &feeds.Feed{
		Title:       uni.Title,
		Link:        uni.Link,
		Description: uni.Description,
		Language:    uni.Language,
		Base:        base,
		TTL:         ttl(doc.TTL),
	}
	f.Items = make([]feeds.Item, 0, len(uni.Items))
	// The translator maps items one to one and in order.
	for i, u := range uni.Items {
		it := rssItem(doc.Items[i], u)
		if keep(&it) {
			f.Items = append(f.Items, it)
		}
	}
	return f
}

func rssItem(src *rss.Item, u *gofeed.Item) feeds.Item {
	it := feeds.Item{
		GUID:       u.GUID,
		GUIDIsLink: guidIsLink(src.GUID),
		Link:       u.Link,
		Title:      u.Title,
		Authors:    personNames(u.Authors),
		Categories: nonEmpty(u.Categories),

		RawPublished: u.Published,
		Published:    timeOf(u.PublishedParsed),
		RawUpdated:   u.Updated,
		Updated:      timeOf(u.UpdatedParsed),
	}
	if it.Link == "" && it.GUIDIsLink {
		it.Link = it.GUID
	}
	// Without a pubDate the translator takes dc:date for both dates; it is
	// one date written once, so it is not also an update.
	if src.PubDate == "" && it.RawUpdated == it.RawPublished {
		it.RawUpdated, it.Updated = "", timeOf(nil)
	}
	setBody(&it, u.Content, u.Description)
	for _, e := range u.Enclosures {
		if enc, ok := enclosure(e.URL, e.Type, e.Length); ok {
			it.Enclosures = append(it.Enclosures, enc)
		}
	}
	return it
}

// guidIsLink reads isPermaLink. Absent means true (RSS 2.0), but only a GUID
// that is an absolute http(s) URL can stand for the link: feeds leave the
// attribute off ids such as "eol-20240724-001" all the time.
func guidIsLink(g *rss.GUID) bool {
	if g == nil {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(g.IsPermalink)) {
	case "", "true":
		return isHTTPURL(g.Value)
	}
	return false
}

// ttl reads <ttl> minutes, 0 when absent or not a positive number.
func ttl(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0
	}
	return n
}
