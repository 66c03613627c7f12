// Package fetch does one HTTP GET of a feed done right: shared transport,
// timeouts, size limits, conditional GET, and a body that is always UTF-8.
// It also reads file: URLs, so local feeds go through the same pipeline.
package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
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
}

// Request is one conditional GET of a source.
type Request struct {
	Source       string // source name, for errors
	URL          string // http://, https:// or file:
	ETag         string
	LastModified string
	UserAgent    string        // overrides Options.UserAgent when set
	Timeout      time.Duration // overrides Options.Timeout when set
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
}

// Client fetches feeds over one shared transport, so connections to a host
// are reused across sources and polls. It is safe for concurrent use.
type Client struct {
	opts Options
	http *http.Client
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
	dialer := &net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		Proxy:       http.ProxyFromEnvironment,
		DialContext: dialer.DialContext,
		// A custom DialContext turns HTTP/2 off unless asked for.
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	c := &Client{opts: opts}
	c.http = &http.Client{Transport: transport, CheckRedirect: c.checkRedirect}
	return c
}

// CloseIdleConnections closes the transport's idle connections; call it on
// shutdown or after a reload drops many hosts.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

func (c *Client) checkRedirect(r *http.Request, via []*http.Request) error {
	if r.URL.Scheme != "http" && r.URL.Scheme != "https" {
		return fmt.Errorf("redirect to %s: only http and https are followed", r.URL.Redacted())
	}
	if n := max(c.opts.MaxRedirects, 0); len(via) > n {
		return fmt.Errorf("stopped after %d redirects: %w", n, ErrTooManyRedirects)
	}
	return nil
}

// Fetch performs req. A 304, or an unchanged file, gives a Response with
// NotModified set and no body; a status other than 2xx gives a *StatusError.
// Every error names the source and URL.
func (c *Client) Fetch(parent context.Context, req Request) (*Response, error) {
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = c.opts.Timeout
	}
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()

	resp, err := c.fetch(ctx, req)
	if err != nil {
		if parent.Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			// Our own limit, not the caller's: say which.
			err = fmt.Errorf("timed out after %s: %w", timeout, err)
		}
		return nil, fmt.Errorf("source %q: fetch %s: %w", req.Source, redact(req.URL), err)
	}
	return resp, nil
}

func (c *Client) fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, err
	}
	switch u.Scheme {
	case "file":
		return c.fetchFile(ctx, req, u)
	case "http", "https":
		return c.fetchHTTP(ctx, req)
	default:
		return nil, fmt.Errorf("unsupported URL scheme %q (want http, https or file)", u.Scheme)
	}
}

func (c *Client) fetchHTTP(ctx context.Context, req Request) (*Response, error) {
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

	hresp, err := c.http.Do(hreq)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its URL would repeat the one the caller adds
		}
		return nil, err
	}
	defer hresp.Body.Close()

	resp := &Response{
		StatusCode:   hresp.StatusCode,
		ETag:         hresp.Header.Get("ETag"),
		LastModified: hresp.Header.Get("Last-Modified"),
		FinalURL:     hresp.Request.URL.String(),
		ContentType:  hresp.Header.Get("Content-Type"),
	}
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
			RetryAfter: parseRetryAfter(hresp.Header.Get("Retry-After"), time.Now()),
		}
	}

	// ContentLength is the wire size; only trust it for the decompressed
	// size when the body is not encoded.
	if hresp.ContentLength > c.opts.MaxBody && hresp.Header.Get("Content-Encoding") == "" {
		return nil, fmt.Errorf("declared length %d: %w of %d bytes", hresp.ContentLength, ErrTooLarge, c.opts.MaxBody)
	}
	body, err := readLimited(hresp.Body, c.opts.MaxBody)
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
	if bytes.HasPrefix(body, gzipMagic) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, "", fmt.Errorf("gzip body: %w", err)
		}
		if body, err = readLimited(zr, limit); err != nil {
			return nil, "", fmt.Errorf("decompressed: %w", err)
		}
	}
	out, cs, err := ToUTF8(body, contentType)
	if err != nil {
		return nil, "", err
	}
	return StripInvalidXMLChars(out), cs, nil
}

// readLimited reads all of r, failing with ErrTooLarge past limit bytes.
// Reading one byte more than the limit tells "exactly at" from "over".
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w of %d bytes", ErrTooLarge, limit)
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
