package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Client fetches feeds over one shared transport, so connections to a host
// are reused across sources and polls. It is safe for concurrent use.
type Client struct {
	opts   Options
	dialer *net.Dialer
	http   *http.Client
	gap    *hostGap
	robots *robotsCache
}

// NewClient returns a Client with opts' defaults filled in.
func NewClient(opts Options) *Client {
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = DefaultConnectTimeout
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxRedirects == 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.IdlePerHost <= 0 {
		opts.IdlePerHost = 4
	}
	c := &Client{
		opts:   opts,
		dialer: &net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second},
		gap:    newHostGap(opts.HostDelay),
	}
	c.robots = newRobotsCache(c)
	dial := c.dialer.DialContext
	if opts.DenyPrivate {
		dial = guardedDial(c.dialer, "")
	}
	c.http = &http.Client{Transport: c.transport(dial), CheckRedirect: c.checkRedirect}
	return c
}

// transport builds an HTTP transport that dials with dial.
func (c *Client) transport(dial func(ctx context.Context, network, addr string) (net.Conn, error)) *http.Transport {
	proxy := http.ProxyFromEnvironment
	if c.opts.DenyPrivate {
		proxy = nil // see Options.DenyPrivate
	}
	return &http.Transport{
		Proxy:       proxy,
		DialContext: dial,
		// A custom DialContext turns HTTP/2 off unless asked for.
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          max(100, c.opts.IdlePerHost),
		MaxIdleConnsPerHost:   c.opts.IdlePerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// clientFor returns the HTTP client for req and a function to call when the
// response is done with. Most requests share c.http. A request allowed to
// reach a private host under DenyPrivate gets a client of its own whose
// transport keeps no connection alive: a pooled connection to a private
// address, dialled under this request's allowance, could otherwise serve a
// later request (a redirect of another source, say) that has no such
// allowance. Polls of one source are minutes apart, so reuse would save
// nothing anyway.
func (c *Client) clientFor(req Request, u *url.URL) (*http.Client, func()) {
	if !c.opts.DenyPrivate || !req.AllowPrivate {
		return c.http, func() {}
	}
	t := c.transport(guardedDial(c.dialer, canonicalHost(u.Hostname())))
	t.DisableKeepAlives = true
	return &http.Client{Transport: t, CheckRedirect: c.checkRedirect}, t.CloseIdleConnections
}

// CloseIdleConnections closes the transport's idle connections; call it on
// shutdown or after a reload drops many hosts.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

func (c *Client) checkRedirect(r *http.Request, via []*http.Request) error {
	if r.URL.Scheme != "http" && r.URL.Scheme != "https" {
		return fmt.Errorf("redirect to %s: only http and https are followed", r.URL.Redacted())
	}
	if n := max(c.opts.MaxRedirects, 0); len(via) > n {
		return fmt.Errorf("stopped after %d redirects: %w (a redirect loop?)", n, ErrTooManyRedirects)
	}
	return nil
}
