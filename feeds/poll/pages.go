package poll

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/parse"
)

// PageReader reads the HTML pages of sources without feeds; internal/wire
// adapts feeds/page to it. It is pure: the poll fetches, the reader reads.
type PageReader interface {
	// FeedLinks returns the absolute URLs of the feeds the page advertises
	// (comment feeds left out), best first.
	FeedLinks(body []byte, base string) []string
	// List finds the page's list of articles. An error says why there is
	// none, in words an operator can act on.
	List(body []byte, base string, src feeds.Source, now time.Time) (Listing, error)
}

// Listing is one list page read: its entries as raw items (absolute Link,
// Title, Summary, and a date with its provenance when the list gives one)
// and the URL of the list's next page, "" when there is none.
type Listing struct {
	Items []feeds.Item
	Next  string
}

// robotsChecker is the part of a Fetcher that answers robots.txt alone;
// *fetch.Client has it.
type robotsChecker interface {
	CheckRobots(ctx context.Context, req fetch.Request) error
}

// ErrNoList means a page that should list articles lists none.
var ErrNoList = errors.New("no list of article links found")

// document is what a poll made of the fetched body.
type document struct {
	feed *feeds.Feed
	// kind is what the source's URL served (feeds.Kind*), feedURL the
	// discovered feed when kind is feeds.KindDiscovered.
	kind, feedURL string
	// listItems counts the list's entries over the pages read.
	listItems int
}

// read turns a fetched body into a feed: by parsing it, by following the
// feed the page advertises, or by reading the page's list of articles,
// as the source's type and what the URL serves decide. from is the URL the
// body was fetched from.
func (p *pollRun) read(ctx context.Context, resp *fetch.Response, from string) (document, error) {
	base := resp.FinalURL
	if base == "" {
		base = from
	}
	if p.src.Type == feeds.SourceHTML {
		return p.readList(ctx, resp.Body, base)
	}
	feed, err := p.s.parser.Parse(resp.Body)
	if err == nil && feed == nil {
		err = errors.New("no feed")
	}
	kind := feeds.KindFeed
	if from != p.src.URL {
		kind = feeds.KindDiscovered
	}
	switch {
	case err == nil:
		return document{feed: feed, kind: kind, feedURL: feedURLOf(kind, from)}, nil
	case p.src.Type == feeds.SourceFeed || p.s.pages == nil || !errors.Is(err, parse.ErrNotFeed):
		return document{}, fmt.Errorf("parse %s: %w", redact(from), err)
	}
	// An HTML page: the feed it advertises beats reading its list.
	for _, link := range p.s.pages.FeedLinks(resp.Body, base) {
		if link == from {
			continue
		}
		doc, ferr := p.readDiscovered(ctx, link)
		if ferr == nil {
			return doc, nil
		}
		p.s.log.Warn("advertised feed unusable, trying the next or the page's list", "source", p.src.Name,
			"url", redact(from), "feed", redact(link), "error", ferr)
	}
	return p.readList(ctx, resp.Body, base)
}

func feedURLOf(kind, from string) string {
	if kind == feeds.KindDiscovered {
		return from
	}
	return ""
}

// readDiscovered fetches and parses a feed a page advertised.
func (p *pollRun) readDiscovered(ctx context.Context, link string) (document, error) {
	resp, err := p.s.fetcher.Fetch(ctx, p.pageRequest(link, false))
	if err != nil {
		return document{}, err
	}
	feed, err := p.s.parser.Parse(resp.Body)
	if err == nil && feed == nil {
		err = errors.New("no feed")
	}
	if err != nil {
		return document{}, fmt.Errorf("parse %s: %w", redact(link), err)
	}
	return document{feed: feed, kind: feeds.KindDiscovered, feedURL: link}, nil
}

// pageRequest is the request for a page the poll found on its own: it is
// held to robots.txt when it is an HTML page and the source obeys it, and
// it may reach a private host only when that is the source's own.
func (p *pollRun) pageRequest(link string, html bool) fetch.Request {
	return fetch.Request{
		Source:       p.src.Name,
		URL:          link,
		UserAgent:    p.src.UserAgent,
		Timeout:      p.src.Timeout,
		AllowPrivate: p.src.AllowPrivate && sameHost(link, p.src.URL),
		Robots:       p.obeysRobots(html),
	}
}

// obeysRobots reports whether a fetch of an HTML page (html) is held to
// robots.txt. A source with robots: false is not; that is an operator's
// choice (the site's permission), logged once per source at info so that
// it is on record without filling the log.
func (p *pollRun) obeysRobots(html bool) bool {
	if !html {
		return false
	}
	if p.src.Robots {
		p.s.robotsOff.Delete(p.src.Name) // a later robots: false is said again
	} else {
		if _, logged := p.s.robotsOff.LoadOrStore(p.src.Name, true); !logged {
			p.s.log.Info("robots.txt not obeyed for this source's pages (robots: false): the operator has the site's permission",
				"source", p.src.Name, "url", redact(p.src.URL))
		}
	}
	return p.src.Robots
}

// readList reads the list of articles of a page and of up to
// src.List.Pages-1 pages after it. The reader keeps next pages on the
// site; a page seen before ends the walk, so a pager that loops cannot.
func (p *pollRun) readList(ctx context.Context, body []byte, base string) (document, error) {
	if p.s.pages == nil {
		return document{}, errors.New("list pages cannot be read: the scheduler has no page reader (Options.Pages)")
	}
	if rc, ok := p.s.fetcher.(robotsChecker); ok && p.obeysRobots(true) && p.src.Type != feeds.SourceHTML && p.st.Kind != feeds.KindList {
		// The page was fetched before it was known to be a list page, so
		// robots.txt was not asked then; it is now, before any use of it.
		if err := rc.CheckRobots(ctx, p.pageRequest(base, true)); err != nil {
			return document{}, err
		}
	}
	pages := max(p.src.ListRules().Pages, 1)
	seen := map[string]bool{base: true}
	var items []feeds.Item
	for n := 0; ; n++ {
		lst, err := p.s.pages.List(body, base, p.src, p.now)
		if err != nil && n == 0 {
			return document{}, p.noList(base, err)
		}
		if err != nil { // a later page without a list ends the walk
			p.s.log.Warn("next list page has no list", "source", p.src.Name, "url", redact(base), "error", err)
			break
		}
		items = append(items, lst.Items...)
		if n+1 >= pages || lst.Next == "" || seen[lst.Next] || !sameHost(lst.Next, base) {
			break
		}
		seen[lst.Next] = true
		resp, err := p.s.fetcher.Fetch(ctx, p.pageRequest(lst.Next, true))
		if err != nil {
			return document{}, fmt.Errorf("list page %d: %w", n+2, err)
		}
		body, base = resp.Body, firstNonEmpty(resp.FinalURL, lst.Next)
	}
	if len(items) == 0 {
		return document{}, p.noList(base, ErrNoList)
	}
	feed := &feeds.Feed{Link: p.src.URL, Items: items}
	return document{feed: feed, kind: feeds.KindList, listItems: len(items)}, nil
}

// noList words a page without a list: loudly, as a layout change when the
// last poll found one, since either way nothing new will arrive. The
// advice to set list.item is given once: the reader's error may carry it.
func (p *pollRun) noList(page string, err error) error {
	advice := ""
	if !strings.Contains(err.Error(), "list.item") {
		advice = "; set list.item (and list.title, link, date) to the page's selectors"
	}
	if p.st.Kind == feeds.KindList && p.st.ListItems > 0 {
		return fmt.Errorf("the page's layout changed: %s listed %d articles at the last poll and now none: %w%s",
			redact(page), p.st.ListItems, err, advice)
	}
	return fmt.Errorf("%s: %w%s", redact(page), err, advice)
}

// sameHost reports whether two URLs name one host (the port aside, and
// "www." ignored, as sites link both ways).
func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return trimWWW(ua.Hostname()) == trimWWW(ub.Hostname())
}

func trimWWW(h string) string {
	if len(h) > 4 && h[:4] == "www." {
		return h[4:]
	}
	return h
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// wantsArticles reports whether the items of a document of kind get their
// article pages fetched.
func (p *pollRun) wantsArticles(kind string) bool {
	if kind == feeds.KindList {
		return p.src.ArticleRules().ForLists
	}
	return p.src.ArticleRules().ForFeeds
}

// isGone reports whether err is a 404 or 410: the URL no longer serves.
func isGone(err error) bool {
	var serr *fetch.StatusError
	return errors.As(err, &serr) && (serr.Code == 404 || serr.Code == 410)
}
