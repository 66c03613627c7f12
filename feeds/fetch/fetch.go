// Package fetch does one HTTP GET of a feed done right: shared transport,
// timeouts, size limits, conditional GET, caching hints, an optional guard
// against private addresses, and a body that is always UTF-8. It also reads
// file: URLs, so local feeds go through the same pipeline.
package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"
)

// DefaultUserAgent is sent when neither the Request nor the Options name one.
const DefaultUserAgent = "edufeed (+https://github.com/edufeed/edufeed)"

// Defaults for zero Options fields.
const (
	DefaultMaxBody        = 10 << 20
	DefaultConnectTimeout = 10 * time.Second
	DefaultTimeout        = 30 * time.Second
	DefaultMaxRedirects   = 10
)

// acceptHeader prefers feed types but takes anything: many servers label
// feeds text/html or application/octet-stream.
const acceptHeader = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// maxDiscard bounds how much of an unwanted body (304, errors) is drained so
// that the connection can be reused; beyond it the connection is dropped.
const maxDiscard = 64 << 10

// Options configure a Client. Zero values take the defaults.
type Options struct {
	UserAgent      string        // default DefaultUserAgent
	MaxBody        int64         // bytes after decompression; default 10 MiB
	ConnectTimeout time.Duration // dial timeout; default 10s
	Timeout        time.Duration // whole request when Request.Timeout is 0; default 30s
	MaxRedirects   int           // default 10; negative follows none
	// DenyPrivate refuses connections to loopback, private, link-local
	// (cloud metadata), CGNAT, multicast and reserved addresses, IPv6 forms
	// of them included, so that a feed cannot turn edufeed against the
	// network it runs in: a redirect to http://169.254.169.254/ or to a
	// router's admin page fails with ErrPrivateAddress. The check runs at
	// dial time on the resolved address, so DNS rebinding cannot get past
	// it. The zero Options leave it off for library use; edufeed's config
	// turns it on unless fetch.deny_private is false.
	// A Request with AllowPrivate may still reach its own host.
	//
	// With DenyPrivate the HTTP_PROXY, HTTPS_PROXY and NO_PROXY environment
	// variables are ignored: through a proxy the dialled address would be
	// the proxy's, and the target could not be checked.
	DenyPrivate bool
	// IdlePerHost is how many keep-alive connections to one host are kept
	// for the next fetch; default 4. Set it to the poller's per-host limit
	// so that polls of many feeds on one host reuse connections instead of
	// dialling anew.
	IdlePerHost int
	// HostDelay is the least time between the starts of two requests to one
	// host (config defaults.host_delay); zero spaces nothing. A robots.txt
	// Crawl-delay longer than it (up to a minute) wins for that host.
	HostDelay time.Duration
}

// Request is one conditional GET of a source.
type Request struct {
	Source       string // source name, for errors
	URL          string // http://, https:// or file:
	ETag         string
	LastModified string
	UserAgent    string        // overrides Options.UserAgent when set
	Timeout      time.Duration // overrides Options.Timeout when set
	// AllowPrivate lets this request reach a non-public address despite
	// Options.DenyPrivate, for its own URL's host only (any port): the
	// operator named that host. A redirect to another host is checked as
	// usual.
	AllowPrivate bool
	// Robots makes the request obey the site's robots.txt (for pages that
	// edufeed finds on its own: list pages and article pages). A feed the
	// operator subscribed to is fetched as a feed reader would, without it.
	Robots bool
}

// Response is a fetched feed, its body already converted to UTF-8 and free
// of characters XML forbids.
type Response struct {
	Body         []byte
	NotModified  bool
	StatusCode   int // 200 or 304 for file: URLs
	ETag         string
	LastModified string
	FinalURL     string
	ContentType  string // empty for file: URLs
	Charset      string // the charset the bytes arrived in
	// MaxAge is how long the response stays fresh, from Cache-Control
	// s-maxage or max-age less its Age header; zero when neither is given.
	// Set on 200 and 304 responses alike; a poller may wait this long.
	MaxAge time.Duration
	// Expires is the Expires header on our clock (moved by the difference
	// between the server's Date and ours), only when Cache-Control gives
	// no max-age; zero when absent, invalid or already past.
	Expires time.Time
}

// Fetch performs req. A 304, or an unchanged file, gives a Response with
// NotModified set and no body; a status other than 2xx gives a *StatusError.
// Every error names the source and URL.
//
// Before an HTTP request goes out, robots.txt is consulted when
// req.Robots asks for it, and the request waits its turn behind the
// previous one to the same host (Options.HostDelay). The wait comes before
// the request's timeout starts, so a queue of requests to one slow-paced
// host does not time out while it waits.
func (c *Client) Fetch(parent context.Context, req Request) (*Response, error) {
	resp, err := c.fetchSpaced(parent, req)
	if err != nil {
		return nil, fmt.Errorf("source %q: fetch %s: %w", req.Source, redact(req.URL), err)
	}
	return resp, nil
}

// fetchSpaced is Fetch without the source and URL in its errors.
func (c *Client) fetchSpaced(parent context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, err
	}
	if u.Scheme == "http" || u.Scheme == "https" {
		if req.Robots {
			if err := c.robots.check(parent, req, u); err != nil {
				return nil, err
			}
		}
		if err := c.gap.wait(parent, u.Host); err != nil {
			return nil, err
		}
	}
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = c.opts.Timeout
	}
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()

	resp, err := c.fetch(ctx, req, u)
	if err != nil && parent.Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		// Our own limit, not the caller's: say which.
		err = fmt.Errorf("timed out after %s: %w", timeout, err)
	}
	return resp, err
}

func (c *Client) fetch(ctx context.Context, req Request, u *url.URL) (*Response, error) {
	switch u.Scheme {
	case "file":
		return c.fetchFile(ctx, req, u)
	case "http", "https":
		return c.fetchHTTP(ctx, req, u)
	default:
		return nil, fmt.Errorf("unsupported URL scheme %q (want http, https or file)", u.Scheme)
	}
}

func (c *Client) fetchHTTP(ctx context.Context, req Request, u *url.URL) (*Response, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, err
	}
	ua := req.UserAgent
	if ua == "" {
		ua = c.opts.UserAgent
	}
	hreq.Header.Set("User-Agent", ua)
	hreq.Header.Set("Accept", acceptHeader)
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	// Accept-Encoding is left to the transport: it then asks for gzip and
	// decompresses transparently.

	hc, done := c.clientFor(req, u)
	defer done()
	hresp, err := hc.Do(hreq)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its URL would repeat the one the caller adds
		}
		return nil, explainConnError(err)
	}
	defer hresp.Body.Close()

	now := time.Now()
	resp := &Response{
		StatusCode:   hresp.StatusCode,
		ETag:         hresp.Header.Get("ETag"),
		LastModified: hresp.Header.Get("Last-Modified"),
		FinalURL:     hresp.Request.URL.String(),
		ContentType:  hresp.Header.Get("Content-Type"),
	}
	resp.MaxAge, resp.Expires = cacheHints(hresp.Header, now)
	switch {
	case hresp.StatusCode == http.StatusNotModified:
		discard(hresp.Body)
		resp.NotModified = true
		// A 304 may omit the validators; the stored ones are still good.
		if resp.ETag == "" {
			resp.ETag = req.ETag
		}
		if resp.LastModified == "" {
			resp.LastModified = req.LastModified
		}
		return resp, nil
	case hresp.StatusCode < 200 || hresp.StatusCode > 299:
		discard(hresp.Body)
		return nil, &StatusError{
			Code:       hresp.StatusCode,
			Status:     hresp.Status,
			RetryAfter: parseRetryAfter(hresp.Header.Get("Retry-After"), serverNow(hresp.Header, now)),
		}
	}

	// ContentLength is the wire size; only trust it for the decompressed
	// size when the body is not encoded.
	if hresp.ContentLength > c.opts.MaxBody && hresp.Header.Get("Content-Encoding") == "" {
		return nil, fmt.Errorf("%w: the server announced %s, the limit is %s",
			ErrTooLarge, formatSize(hresp.ContentLength), limitText(c.opts.MaxBody))
	}
	what := "body"
	if hresp.Uncompressed {
		what = "decompressed body"
	}
	body, err := readLimited(hresp.Body, c.opts.MaxBody, what, hresp.ContentLength)
	if err != nil {
		return nil, err
	}
	if resp.Body, resp.Charset, err = decodeBody(body, resp.ContentType, c.opts.MaxBody); err != nil {
		return nil, err
	}
	return resp, nil
}

// gzipMagic starts every gzip stream; no feed starts with it.
var gzipMagic = []byte{0x1f, 0x8b, 0x08}

// decodeBody turns the raw bytes into the UTF-8, XML-safe body handed back.
// A body that is still gzip after the transport's decoding (a .gz file, or a
// server that compressed twice) is decompressed under the same limit.
func decodeBody(body []byte, contentType string, limit int64) ([]byte, string, error) {
	if len(body) == 0 {
		return nil, "", fmt.Errorf("%w (0 bytes)", ErrEmptyBody)
	}
	if bytes.HasPrefix(body, gzipMagic) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, "", fmt.Errorf("gzip-compressed body: %w", err)
		}
		if body, err = readLimited(zr, limit, "decompressed body", -1); err != nil {
			return nil, "", err
		}
	}
	if looksBinary(body) {
		what := "the body"
		if contentType != "" {
			what += " (" + quoteStart([]byte(contentType), 60) + ")"
		}
		return nil, "", fmt.Errorf("%w: %s is binary; it starts with %s", ErrNotText, what, quoteStart(body, 24))
	}
	out, cs, err := ToUTF8(body, contentType)
	if err != nil {
		return nil, "", err
	}
	out = StripInvalidXMLChars(out)
	if len(bytes.TrimSpace(out)) == 0 {
		return nil, "", fmt.Errorf("%w: its %s hold no text", ErrEmptyBody, formatSize(int64(len(body))))
	}
	return out, cs, nil
}

// looksBinary reports whether body is no text in any charset: it is not
// UTF-8 or UTF-16, and its first KiB holds a NUL byte, which GBK, Big5 and
// every other ASCII-based charset never use. Decoded as GB18030 it would
// only turn into Chinese-looking mojibake.
func looksBinary(body []byte) bool {
	head := body[:min(len(body), 1024)]
	if bytes.IndexByte(head, 0) < 0 || utf16Start(body) {
		return false
	}
	return !utf8.Valid(body)
}

// utf16Start reports whether body may be UTF-16, whose ASCII characters
// carry a NUL byte: it has a UTF-16 byte order mark, or exactly one of its
// first two bytes is NUL.
func utf16Start(body []byte) bool {
	if len(body) < 2 {
		return false
	}
	if bytes.HasPrefix(body, []byte{0xFF, 0xFE}) || bytes.HasPrefix(body, []byte{0xFE, 0xFF}) {
		return true
	}
	return (body[0] == 0) != (body[1] == 0)
}

// readLimited reads all of r, failing with ErrTooLarge past limit bytes;
// what names the bytes in errors. Reading one byte more than the limit
// tells "exactly at" from "over".
//
// size is the length the server announced (-1 if none): reading into a
// buffer of that size at once saves growing one step by step, the largest
// allocation of a poll. A size beyond limit is not trusted.
func readLimited(r io.Reader, limit int64, what string, size int64) ([]byte, error) {
	var buf bytes.Buffer
	if size > 0 && size <= limit {
		buf.Grow(int(size) + bytes.MinRead) // room to see EOF without growing
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	body := buf.Bytes()
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("%s cut short after %s: the connection ended before all of it arrived: %w",
			what, formatSize(int64(len(body))), err)
	case err != nil:
		return nil, fmt.Errorf("reading the %s (%s so far): %w", what, formatSize(int64(len(body))), err)
	case int64(len(body)) > limit:
		return nil, fmt.Errorf("%w: the %s is more than %s", ErrTooLarge, what, limitText(limit))
	}
	return body, nil
}

// discard drains a little of an unwanted body so the connection can be
// reused; Close drops the connection if more is left.
func discard(r io.Reader) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r, maxDiscard))
}

// redact hides a password in a URL before it goes into an error message.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}
