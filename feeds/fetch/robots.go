package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// ErrRobotsDisallowed means the site's robots.txt forbids edufeed the page.
var ErrRobotsDisallowed = errors.New("robots.txt forbids this page to edufeed")

// RobotsAgent is the product token edufeed looks for in robots.txt. It is
// used whatever User-Agent a source sends: an operator who sends a browser's
// agent to get past a site's bot filter is still edufeed to the site.
const RobotsAgent = "edufeed"

// How long an answer about a site's robots.txt is kept. RFC 9309 asks
// crawlers not to use a cached copy for more than a day; a failure to read
// it is tried again soon, since it usually means the site is down.
const (
	robotsTTL      = 24 * time.Hour
	robotsRetryTTL = time.Minute
)

// robotsCache holds each site's robots.txt, read once per robotsTTL through
// the Client itself, so the read obeys the same limits, guard and spacing as
// any other request.
type robotsCache struct {
	c   *Client
	now func() time.Time

	mu    sync.Mutex
	sites map[string]*robotsEntry // by scheme://host[:port]
}

// robotsEntry is one site's answer; ready closes when it is known, so that
// the article fetches of one poll read robots.txt once, not once each.
type robotsEntry struct {
	ready   chan struct{}
	data    *robotstxt.RobotsData
	err     error
	expires time.Time
}

func newRobotsCache(c *Client) *robotsCache {
	return &robotsCache{c: c, now: time.Now, sites: map[string]*robotsEntry{}}
}

// check returns nil when robots.txt lets RobotsAgent fetch u, an error
// wrapping ErrRobotsDisallowed when it does not, and the read's error when
// robots.txt could not be read. Following RFC 9309, a robots.txt that is
// missing (any 4xx) allows everything, and one the server fails to give
// (5xx, or no answer) forbids everything until it answers.
func (rc *robotsCache) check(ctx context.Context, req Request, u *url.URL) error {
	data, err := rc.get(ctx, req, u)
	if err != nil {
		return err
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	group := data.FindGroup(RobotsAgent)
	if group.CrawlDelay > 0 {
		rc.c.gap.setCrawlDelay(u.Host, group.CrawlDelay)
	}
	if !data.TestAgent(path, RobotsAgent) {
		return fmt.Errorf("%w (%s://%s/robots.txt); set robots: false on the source only if the site allows you",
			ErrRobotsDisallowed, u.Scheme, u.Host)
	}
	return nil
}

// get returns the site's parsed robots.txt, reading it when the cached
// answer is missing or stale. Concurrent callers for one site share a read.
func (rc *robotsCache) get(ctx context.Context, req Request, u *url.URL) (*robotstxt.RobotsData, error) {
	site := u.Scheme + "://" + u.Host
	rc.mu.Lock()
	e := rc.sites[site]
	if e != nil {
		select {
		case <-e.ready:
			if rc.now().After(e.expires) {
				e = nil
			}
		default: // being read by another caller
		}
	}
	if e == nil {
		e = &robotsEntry{ready: make(chan struct{})}
		rc.sites[site] = e
		rc.mu.Unlock()
		e.data, e.err = rc.read(ctx, req, site)
		ttl := robotsTTL
		switch {
		case ctx.Err() != nil:
			ttl = 0 // our caller gave up; the site said nothing yet
		case e.err != nil:
			ttl = robotsRetryTTL
		}
		e.expires = rc.now().Add(ttl)
		close(e.ready)
	} else {
		rc.mu.Unlock()
	}
	select {
	case <-e.ready:
		return e.data, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// read fetches and parses site's robots.txt.
func (rc *robotsCache) read(ctx context.Context, req Request, site string) (*robotstxt.RobotsData, error) {
	rreq := Request{
		Source:       req.Source,
		URL:          site + "/robots.txt",
		UserAgent:    req.UserAgent,
		Timeout:      req.Timeout,
		AllowPrivate: req.AllowPrivate,
	}
	resp, err := rc.c.fetchSpaced(ctx, rreq)
	var serr *StatusError
	switch {
	case errors.As(err, &serr):
		data, perr := robotstxt.FromStatusAndBytes(serr.Code, nil)
		if perr != nil {
			return nil, fmt.Errorf("robots.txt: %w", err)
		}
		if serr.Code >= 500 {
			return nil, fmt.Errorf("robots.txt could not be read (%w): every page counts as forbidden until it can", err)
		}
		return data, nil
	case errors.Is(err, ErrEmptyBody):
		return robotstxt.FromBytes(nil)
	case err != nil:
		return nil, fmt.Errorf("robots.txt could not be read: %w", err)
	}
	data, perr := robotstxt.FromBytes(resp.Body)
	if perr != nil {
		// A file we cannot parse states no rule we could honour; many
		// sites answer /robots.txt with their home page.
		return robotstxt.FromBytes(nil)
	}
	return data, nil
}

// CheckRobots returns nil when robots.txt lets edufeed fetch req.URL, an
// error wrapping ErrRobotsDisallowed when it does not, and the read's error
// when robots.txt could not be read. A poll asks it for a page it fetched
// before it knew the page was a list (a source of type auto).
func (c *Client) CheckRobots(ctx context.Context, req Request) error {
	u, err := url.Parse(req.URL)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	if err := c.robots.check(ctx, req, u); err != nil {
		return fmt.Errorf("source %q: fetch %s: %w", req.Source, redact(req.URL), err)
	}
	return nil
}
