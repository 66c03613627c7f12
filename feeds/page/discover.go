package page

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FeedLink is a feed a page advertises in its head.
type FeedLink struct {
	// URL is absolute and canonical.
	URL string `json:"url"`
	// Type is the media type the page declared: application/rss+xml,
	// application/atom+xml, application/rdf+xml, application/feed+json,
	// text/xml or application/xml, or application/json when the URL says
	// feed (WordPress's REST API links say application/json too).
	Type  string `json:"type"`
	Title string `json:"title,omitempty"`
}

// feedTypes are the media types of the feeds edufeed reads.
var feedTypes = map[string]bool{
	"application/rss+xml": true, "application/atom+xml": true, "application/rdf+xml": true,
	"application/feed+json": true, "application/json": true, "text/xml": true, "application/xml": true,
}

// Discover returns the feeds a page advertises with <link rel="alternate">,
// in page order, without duplicates and without comment feeds (WordPress
// advertises "Comments Feed" next to the posts feed). base is the URL the
// page was fetched from; a <base href> in the page takes precedence.
func Discover(doc *html.Node, base string) []FeedLink {
	base = findBase(doc, base)
	var out []FeedLink
	seen := map[string]bool{}
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		if n.DataAtom == atom.Body {
			return true // some CMSs put the link in the body; still no deeper than its children
		}
		if n.DataAtom != atom.Link {
			return n.DataAtom == atom.Html || n.DataAtom == atom.Head
		}
		if !hasToken(attr(n, "rel"), "alternate") {
			return false
		}
		typ := strings.ToLower(strings.TrimSpace(strings.SplitN(attr(n, "type"), ";", 2)[0]))
		title := squeeze(attr(n, "title"))
		href := attr(n, "href")
		if !feedTypes[typ] || commentFeed(title, href) {
			return false
		}
		if typ == "application/json" && !strings.Contains(strings.ToLower(href), "feed") {
			return false // WordPress's REST API link, not a JSON Feed
		}
		u := canonicalLink(href, base)
		if u == "" || seen[u] {
			return false
		}
		seen[u] = true
		out = append(out, FeedLink{URL: u, Type: typ, Title: title})
		return false
	})
	return out
}

// hasToken reports whether a space-separated attribute holds tok.
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// commentFeed tells a feed of comments by its title or its URL.
func commentFeed(title, href string) bool {
	t := strings.ToLower(title)
	h := strings.ToLower(href)
	return strings.Contains(t, "comment") || strings.Contains(t, "评论") || strings.Contains(t, "留言") ||
		strings.Contains(h, "/comments/feed") || strings.Contains(h, "comments/feed") ||
		strings.Contains(h, "feed=comments") || strings.Contains(h, "/comments.")
}
